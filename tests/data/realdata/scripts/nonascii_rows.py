#!/usr/bin/python3
"""Which records contain non-ASCII characters, and are they imported or rejected (blank customer id)?"""
import csv, io
D='/work/shared/data/'
for rel,enc,cid in [('online_retail/online_retail.csv','cp1252','CustomerID'),('online_retail_ii_2009_2010/online_retail_ii_2009_2010.csv','utf-8','Customer ID')]:
    r=csv.reader(io.StringIO(open(D+rel,encoding=enc,newline='').read(),newline=''))
    h=next(r); ci=h.index(cid); tot=imp=0; chars=set(); first=None
    for n,row in enumerate(r,start=2):
        s=','.join(row)
        if any(ord(c)>127 for c in s):
            tot+=1; chars|={c for c in s if ord(c)>127}; first=first or n
            if row[ci].strip(): imp+=1
    print(rel,'records with non-ASCII',tot,'of which imported (non-blank cid)',imp,'chars',[hex(ord(c)) for c in chars],'first at physical line',first)
