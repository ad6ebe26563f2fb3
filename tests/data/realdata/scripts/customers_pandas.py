#!/usr/bin/python3
"""Method B (pandas) cross-check for the customer-style files."""
import pandas as pd
D='/work/shared/data/'
m=pd.read_csv(D+'customer_personality/marketing_campaign.csv',sep='\t')
d=pd.to_datetime(m['Dt_Customer'],format='%d-%m-%Y',errors='coerce')
print('marketing rows',len(m),'distinct ID',m['ID'].nunique(),'dups',m['ID'].duplicated().sum(),'Income NaN',m['Income'].isna().sum(),
      'Income sum',m['Income'].sum(),'dates bad',d.isna().sum(),'min',d.min().date(),'max',d.max().date(),
      'MntWines',m['MntWines'].sum(),'Response==1',(m['Response']==1).sum(), 'ID==0 rows',(m['ID']==0).sum())
print('  Income dtype',m['Income'].dtype,'cells with leading/trailing space',
      sum(int((m[c].astype(str)!=m[c].astype(str).str.strip()).sum()) for c in m.columns))
b=pd.read_csv(D+'bank_marketing/bank-full.csv',sep=';')
print('bank rows',len(b),'yes',(b['y']=='yes').sum(),'balance',b['balance'].sum(),'mean age %.10f'%b['age'].mean(),
      'pdays -1',(b['pdays']==-1).sum(),'poutcome unknown',(b['poutcome']=='unknown').sum(),'NaN cells',int(b.isna().sum().sum()))
ma=pd.read_csv(D+'mall_customers/Mall_Customers.csv',dtype={'CustomerID':str})
print('mall rows',len(ma),ma.select_dtypes('number').sum().to_dict(),'CustomerID int sum',ma['CustomerID'].astype(int).sum())
w=pd.read_csv(D+'wholesale_customers/Wholesale customers data.csv')
print('wholesale rows',len(w),w.sum().to_dict())
