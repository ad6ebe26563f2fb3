#!/usr/bin/python3
"""Extra breakdowns of the imported rows (non-blank customer id) of the two retail files."""
import csv,io,collections
from decimal import Decimal
D='/work/shared/data/'
for rel,enc,cid,price,inv in [('online_retail/online_retail.csv','cp1252','CustomerID','UnitPrice','InvoiceNo'),('online_retail_ii_2009_2010/online_retail_ii_2009_2010.csv','utf-8','Customer ID','Price','Invoice')]:
    r=csv.reader(io.StringIO(open(D+rel,encoding=enc,newline='').read(),newline='')); h=next(r); ix={k:i for i,k in enumerate(h)}
    imp=[row for row in r if row[ix[cid]].strip()]
    c=[x for x in imp if x[ix[inv]].startswith('C')]
    dup=sum(v-1 for v in collections.Counter(tuple(x) for x in imp).values())
    pos=sum(Decimal(x[ix['Quantity']])*Decimal(x[ix[price]]) for x in imp if int(x[ix['Quantity']])>0)
    print(rel,'imported',len(imp),'C-invoice rows',len(c),'C invoices',len({x[ix[inv]] for x in c}),
          'price==0',sum(Decimal(x[ix[price]])==0 for x in imp),'price<0',sum(Decimal(x[ix[price]])<0 for x in imp),
          'exact-duplicate rows (2nd+)',dup,'sum Q*P over Quantity>0 rows',pos,
          'empty Description',sum(x[ix['Description']]=='' for x in imp),'countries',len({x[ix['Country']] for x in imp}))
# check: imported negative-quantity rows vs C-invoice rows are the same set
for rel,enc,cid,inv in [('online_retail/online_retail.csv','cp1252','CustomerID','InvoiceNo'),('online_retail_ii_2009_2010/online_retail_ii_2009_2010.csv','utf-8','Customer ID','Invoice')]:
    r=csv.reader(io.StringIO(open(D+rel,encoding=enc,newline='').read(),newline='')); h=next(r); ix={k:i for i,k in enumerate(h)}
    imp=[row for row in r if row[ix[cid]].strip()]
    print(rel,'neg qty not on C invoice',sum(int(x[ix['Quantity']])<0 and not x[ix[inv]].startswith('C') for x in imp),
          'C invoice with qty>=0',sum(int(x[ix['Quantity']])>=0 and x[ix[inv]].startswith('C') for x in imp))
