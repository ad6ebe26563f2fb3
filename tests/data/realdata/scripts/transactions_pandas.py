#!/usr/bin/python3
"""Method B: pandas (float64 sums, independent parsing) cross-check of the transaction files."""
import pandas as pd, numpy as np, math
D='/work/shared/data/'
# CDNOW: whitespace separated, read as strings
c=pd.read_csv(D+'cdnow/CDNOW_master.txt',sep=r'\s+',dtype=str)
print('CDNOW columns',list(c.columns),'rows',len(c))
dts=pd.to_datetime(c['date'],format='%Y%m%d',errors='coerce')
v=c['dollar_value'].astype(float)
print('  blank id',(c['customer_id'].fillna('').str.strip()=='').sum(),'bad dates',dts.isna().sum())
print('  distinct',c['customer_id'].nunique(),'sum dollar %.6f'%v.sum(),'fsum %.6f'%math.fsum(v),
      'min',dts.min().date(),'max',dts.max().date(),'zero',(v==0).sum(),'cds',c['number_of_cds'].astype(int).sum())

def retail(rel,enc,cid,price,inv,fmt):
    df=pd.read_csv(D+rel,encoding=enc,dtype=str,keep_default_na=False)
    print(rel,'rows',len(df))
    blank=df[cid].str.strip()==''
    imp=df[~blank].copy()
    imp['d']=pd.to_datetime(imp['InvoiceDate'],format=fmt,errors='coerce')
    q=imp['Quantity'].astype(int); p=imp[price].astype(float); amt=q*p
    print('  blank',blank.sum(),'bad dates',imp['d'].isna().sum(),'imported',len(imp))
    print('  distinct cust',imp[cid].nunique(),'sum naive float %.6f'%amt.sum(),'fsum %.6f'%math.fsum(amt),
          'python sequential float sum %.6f'%sum(amt.tolist()))
    print('  min',imp['d'].min(),'max',imp['d'].max(),'invoices',imp[inv].nunique(),'neg qty',(q<0).sum())
    # extra: per-row rounding to cents then summing
    from decimal import Decimal, ROUND_HALF_UP, ROUND_HALF_EVEN
    dq=[Decimal(a)*Decimal(b) for a,b in zip(imp['Quantity'],imp[price])]
    hu=sum(x.quantize(Decimal('0.01'),ROUND_HALF_UP) for x in dq); he=sum(x.quantize(Decimal('0.01'),ROUND_HALF_EVEN) for x in dq)
    print('  sum of per-row amounts rounded to cents: half-up',hu,'half-even',he, 'rows with >2dp amount',sum(1 for x in dq if x!=x.quantize(Decimal('0.01'))))
    print('  max decimals in price',imp[price].str.split('.').str[1].fillna('').str.len().max())
retail('online_retail/online_retail.csv','cp1252','CustomerID','UnitPrice','InvoiceNo','%m/%d/%Y %H:%M')
retail('online_retail_ii_2009_2010/online_retail_ii_2009_2010.csv','utf-8','Customer ID','Price','Invoice','%Y-%m-%d %H:%M:%S')
