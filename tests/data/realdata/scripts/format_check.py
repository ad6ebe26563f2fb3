#!/usr/bin/python3
"""Byte-level format facts for each data file: line endings, trailing newline,
encoding, physical lines, logical CSV records (python csv module), non-ASCII bytes."""
import csv, io, sys
D='/work/shared/data/'
FILES=[('cdnow/CDNOW_master.txt',None,'ascii'),
       ('online_retail/online_retail.csv',',','cp1252'),
       ('online_retail_ii_2009_2010/online_retail_ii_2009_2010.csv',',','utf-8'),
       ('customer_personality/marketing_campaign.csv','\t','ascii'),
       ('bank_marketing/bank-full.csv',';','ascii'),
       ('mall_customers/Mall_Customers.csv',',','ascii'),
       ('wholesale_customers/Wholesale customers data.csv',',','ascii')]
for rel,delim,enc in FILES:
    b=open(D+rel,'rb').read()
    crlf=b.count(b'\r\n'); lf=b.count(b'\n'); cr=b.count(b'\r')
    bare_lf=lf-crlf; bare_cr=cr-crlf
    ends_nl=b.endswith(b'\n')
    # physical lines = number of line terminators + 1 if last line unterminated
    phys=lf+(0 if ends_nl else 1) if b else 0
    bom=b.startswith(b'\xef\xbb\xbf')
    nonascii=[i for i,c in enumerate(b) if c>127]
    try: b.decode('ascii'); isascii=True
    except UnicodeDecodeError: isascii=False
    try: b.decode('utf-8'); isutf8=True
    except UnicodeDecodeError: isutf8=False
    print('==',rel)
    print(f'  bytes={len(b)} CRLF={crlf} bareLF={bare_lf} bareCR={bare_cr} endsWithNewline={ends_nl} physicalLines={phys} BOM={bom}')
    print(f'  ascii={isascii} validUTF8={isutf8} nonASCIIbytes={len(nonascii)} distinctNonASCII={sorted(set(b[i] for i in nonascii))[:20]}')
    if nonascii:
        i=nonascii[0]; line=b.count(b'\n',0,i)+1
        ls=b.rfind(b'\n',0,i)+1; le=b.find(b'\n',i)
        print(f'  firstNonASCII offset={i} byte=0x{b[i]:02X} physicalLine={line} lineText={b[ls:le]!r}')
    print("  quoteChars=", b.count(b"\x22"))
    if delim:
        txt=b.decode(enc)
        rows=list(csv.reader(io.StringIO(txt,newline=''),delimiter=delim))
        multi=0
        # records containing embedded newline
        emb=sum(1 for r in rows for f in r if '\n' in f or '\r' in f)
        widths={}
        for r in rows: widths[len(r)]=widths.get(len(r),0)+1
        print(f'  csvRecords(incl header)={len(rows)} dataRecords={len(rows)-1} fieldsWithEmbeddedNewline={emb} fieldCountHistogram={widths}')
        quoted=0
        # count quoted fields: fields whose raw text starts with a quote — approximate via re-scan
    else:
        lines=b.split(b'\r\n'); 
        print(f'  whitespace records (non-empty lines incl header)={sum(1 for l in lines if l.strip())}')
