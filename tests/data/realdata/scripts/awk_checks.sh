#!/bin/bash
# Method C: awk/grep/sort cross-checks (independent of python)
cd /work/shared/data
echo "CDNOW (awk, sum in integer cents):"
tr -d '\r' < cdnow/CDNOW_master.txt | awk 'NR>1{n++; split($4,a,"."); c+= a[1]*100 + a[2]; cds+=$3; if($4+0==0) z++; if(min==""||$2<min)min=$2; if($2>max)max=$2; ids[$1]=1} END{printf "rows=%d sum_cents=%d cds=%d zero=%d min=%s max=%s distinct=%d\n", n,c,cds,z,min,max,length(ids)}'
echo "online_retail: lines containing a quote char, quoted-field opening count:"
grep -c '"' online_retail/online_retail.csv
grep -o ',"' online_retail/online_retail.csv | wc -l
echo "online_retail: lines with empty CustomerID (field 7 from end = ',,Country' pattern):"
tr -d '\r' < online_retail/online_retail.csv | awk 'NR>1' | grep -cE ',,[^,]*$'
echo "online_retail: first line with a byte >= 0x80:"
LC_ALL=C grep -n -m1 -P '[\x80-\xFF]' online_retail/online_retail.csv | cut -c1-90 | od -c | head -6
LC_ALL=C grep -c -P '[\x80-\xFF]' online_retail/online_retail.csv
echo "retail II: lines with empty Customer ID:"
awk 'NR>1' online_retail_ii_2009_2010/online_retail_ii_2009_2010.csv | grep -cE ',,[^,]*$'
LC_ALL=C grep -n -m1 -P '[\x80-\xFF]' online_retail_ii_2009_2010/online_retail_ii_2009_2010.csv | cut -c1-80
LC_ALL=C grep -c -P '[\x80-\xFF]' online_retail_ii_2009_2010/online_retail_ii_2009_2010.csv
