# Bar chart of benchmarks/summarize.py's chart data: each benchmark's
# median per switch, normalised to Open vSwitch = 1 (a missing figure
# is 0, i.e. no bar).  Called with -e "datafile='...'; outfile='...'".
set terminal pngcairo size 1000,500 noenhanced
set output outfile
set title "Flowswitch vs Open vSwitch vs bare veth (median, OVS = 1; no bar = not available)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel "relative to OVS (P1-P3: higher is better; P4, P6: lower)"
set yrange [0:*]
set grid ytics
set key outside right top
set bmargin 4
set xtics nomirror
plot datafile using 2:xtic(1) title "veth ceiling" lc rgb "#999999", \
     '' using 3 title "Open vSwitch 3.1" lc rgb "#3366cc", \
     '' using 4 title "Flowswitch" lc rgb "#dc7f12"
