#!/usr/bin/python3
"""Count RFC-4180 quoted fields, escaped quotes ("") and fields containing commas, per file, with a tiny state machine."""
import collections
D='/work/shared/data/'
for rel,enc in [('online_retail/online_retail.csv','cp1252'),('online_retail_ii_2009_2010/online_retail_ii_2009_2010.csv','utf-8')]:
    t=open(D+rel,encoding=enc,newline='').read()
    quoted=0; esc=0; withcomma=0; withquote=0; percol=collections.Counter(); lines_multi=0
    i=0; n=len(t); col=0; field_start=True; nq_line=0
    while i<n:
        ch=t[i]
        if field_start and ch=='"':
            quoted+=1; percol[col]+=1; nq_line+=1; i+=1; buf=[]
            while True:
                c=t[i]
                if c=='"':
                    if i+1<n and t[i+1]=='"': esc+=1; buf.append('"'); i+=2; continue
                    i+=1; break
                buf.append(c); i+=1
            s=''.join(buf); withcomma+= ',' in s; withquote+= '"' in s
            field_start=False; continue
        if ch==',': col+=1; field_start=True
        elif ch=='\n': col=0; field_start=True; lines_multi+= nq_line>1; nq_line=0
        elif ch=='\r': pass
        else: field_start=False
        i+=1
    print(rel,'quoted fields',quoted,'per column index',dict(percol),'escaped "" pairs',esc,'quoted fields containing comma',withcomma,'containing quote',withquote,'lines with >1 quoted field',lines_multi)
