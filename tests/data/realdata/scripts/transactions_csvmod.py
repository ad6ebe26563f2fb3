#!/usr/bin/python3
"""Method A: python csv module + decimal.Decimal (exact) for all transaction files."""
import csv, io, re, datetime as dt
from decimal import Decimal
D='/work/shared/data/'

def cdnow():
    b=open(D+'cdnow/CDNOW_master.txt','rb').read().decode('ascii')
    lines=b.split('\r\n')
    assert lines[-1]==''; lines=lines[:-1]
    hdr=lines[0].split(); assert hdr==['customer_id','date','number_of_cds','dollar_value'],hdr
    read=rej=0; cust=set(); s=Decimal(0); cds=0; zero=0; dates=[]; pairs=set(); badtok=0
    for ln in lines[1:]:
        read+=1
        t=ln.split()
        if len(t)!=4: badtok+=1; rej+=1; continue
        cid,d,n,v=t
        if not cid.strip(): rej+=1; continue
        try: dd=dt.datetime.strptime(d,'%Y%m%d').date(); assert len(d)==8
        except Exception: rej+=1; continue
        cust.add(cid); s+=Decimal(v); cds+=int(n); dates.append(dd); pairs.add((cid,dd))
        if Decimal(v)==0: zero+=1
    print('CDNOW read',read,'rejected',rej,'badTokenCount',badtok,'imported',read-rej)
    print('  distinct customers',len(cust),'sum dollar',s,'min',min(dates).isoformat(),'max',max(dates).isoformat())
    print('  zero-dollar rows',zero,'sum cds',cds,'distinct (id,date)',len(pairs))
    ids=sorted(cust); print('  id range',ids[0],ids[-1],'all 5-digit',all(len(i)==5 and i.isdigit() for i in ids))

def retail(rel,enc,cidcol,pricecol,invcol,datefmt):
    txt=open(D+rel,'rb').read().decode(enc)
    r=csv.reader(io.StringIO(txt,newline=''))
    hdr=next(r); ix={h:i for i,h in enumerate(hdr)}
    read=blank=badd=0; cust=set(); inv=set(); s=Decimal(0); neg=0; mn=mx=None
    ws_only=0; cid_formats=set(); s_all=Decimal(0); s_blank=Decimal(0)
    for row in r:
        read+=1
        cid=row[ix[cidcol]]
        q=Decimal(row[ix['Quantity']]); p=Decimal(row[ix[pricecol]]); amt=q*p
        s_all+=amt
        if cid.strip()=='':
            if cid!='': ws_only+=1
            blank+=1; s_blank+=amt; continue
        try: d=dt.datetime.strptime(row[ix['InvoiceDate']],datefmt)
        except ValueError: badd+=1; continue
        cid_formats.add(re.sub(r'\d','9',cid))
        cust.add(cid); inv.add(row[ix[invcol]]); s+=amt
        if q<0: neg+=1
        mn=d if mn is None or d<mn else mn; mx=d if mx is None or d>mx else mx
    print(rel)
    print('  read',read,'blank cid',blank,'(whitespace-only',ws_only,') bad date',badd,'imported',read-blank-badd)
    print('  distinct customers',len(cust),'sum Q*P imported',s,'rounded',s.quantize(Decimal('0.01')))
    print('  min',mn.strftime('%Y-%m-%d %H:%M:%S'),'max',mx.strftime('%Y-%m-%d %H:%M:%S'))
    print('  distinct invoices imported',len(inv),'negative qty imported',neg)
    print('  cid formats',cid_formats)
    print('  sum Q*P all rows',s_all,'sum Q*P blank-cid rows',s_blank)
cdnow()
retail('online_retail/online_retail.csv','cp1252','CustomerID','UnitPrice','InvoiceNo','%m/%d/%Y %H:%M')
retail('online_retail_ii_2009_2010/online_retail_ii_2009_2010.csv','utf-8','Customer ID','Price','Invoice','%Y-%m-%d %H:%M:%S')
