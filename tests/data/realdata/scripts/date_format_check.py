#!/usr/bin/python3
"""Shapes of InvoiceDate strings (digits replaced by 9) in the two retail files."""
import csv,io,re,collections
D='/work/shared/data/'
for rel,enc in [('online_retail/online_retail.csv','cp1252'),('online_retail_ii_2009_2010/online_retail_ii_2009_2010.csv','utf-8')]:
    r=csv.reader(io.StringIO(open(D+rel,encoding=enc,newline='').read(),newline='')); h=next(r)
    di=h.index('InvoiceDate'); shapes=collections.Counter(re.sub(r'\d','9',row[di]) for row in r)
    print(rel,'date shapes',dict(shapes))
