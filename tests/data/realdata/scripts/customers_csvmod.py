#!/usr/bin/python3
"""Method A (csv module + Decimal/int) for the customer-style files."""
import csv, io, datetime as dt, collections
from decimal import Decimal
D='/work/shared/data/'
def rows(rel,delim):
    t=open(D+rel,encoding='ascii',newline='').read()
    r=list(csv.reader(io.StringIO(t,newline=''),delimiter=delim)); return r[0],r[1:]
# marketing_campaign
h,R=rows('customer_personality/marketing_campaign.csv','\t'); ix={k:i for i,k in enumerate(h)}
ids=[r[ix['ID']] for r in R]; c=collections.Counter(ids)
blank=sum(1 for x in ids if x.strip()=='')
dups=sum(v-1 for v in c.values())
inc=[r[ix['Income']] for r in R]; empty=sum(1 for x in inc if x.strip()=='')
incsum=sum(Decimal(x) for x in inc if x.strip()!='')
nonint=sum(1 for x in inc if x.strip() and not x.strip().isdigit())
dates=[dt.datetime.strptime(r[ix['Dt_Customer']],'%d-%m-%Y').date() for r in R]
amb=sum(1 for d in dates if d.day<=12)
print('marketing_campaign rows',len(R),'distinct IDs',len(c),'dup (2nd+ occurrences)',dups,'blank ID',blank,'imported',len(R)-blank-dups)
print('  empty Income',empty,'sum Income',incsum,'non-integer Income values',nonint,'n non-empty',len(inc)-empty,
      'min Dt',min(dates).isoformat(),'max Dt',max(dates).isoformat(),'dates with day<=12 (ambiguous MM-DD)',amb)
print('  sum MntWines',sum(int(r[ix['MntWines']]) for r in R),'Response==1',sum(1 for r in R if r[ix['Response']]=='1'),
      'ID min/max',min(map(int,ids)),max(map(int,ids)))
# bank-full
h,R=rows('bank_marketing/bank-full.csv',';'); ix={k:i for i,k in enumerate(h)}
print('bank-full header',h)
ages=[int(r[ix['age']]) for r in R]
print('bank-full rows',len(R),'y=yes',sum(r[ix['y']]=='yes' for r in R),'sum balance',sum(int(r[ix['balance']]) for r in R),
      'sum age',sum(ages),'mean age',Decimal(sum(ages))/Decimal(len(ages)),
      'pdays==-1',sum(r[ix['pdays']]=='-1' for r in R),'poutcome unknown',sum(r[ix['poutcome']]=='unknown' for r in R),
      'unknown anywhere (cells)',sum(f=='unknown' for r in R for f in r))
print('  unknown per column',{k:sum(r[i]=='unknown' for r in R) for k,i in ix.items() if any(r[i]=='unknown' for r in R)})
# mall
h,R=rows('mall_customers/Mall_Customers.csv',','); print('mall header',h,'rows',len(R))
for i,k in enumerate(h):
    if k=='Genre': print('  Genre counts',dict(collections.Counter(r[i] for r in R)))
    else: print('  sum',repr(k),sum(int(r[i]) for r in R))
print('  distinct CustomerID',len(set(r[0] for r in R)))
h,R=rows('wholesale_customers/Wholesale customers data.csv',','); print('wholesale header',h,'rows',len(R))
for i,k in enumerate(h): print('  sum',k,sum(int(r[i]) for r in R))
print('  Channel counts',dict(collections.Counter(r[0] for r in R)),'Region counts',dict(collections.Counter(r[1] for r in R)))
