#!/usr/bin/env python3
"""Summarise benchmarks/guest-bench.sh's raw lines (run on the host).

usage: summarize.py RAW JSON CHARTDATA [MARKDOWN]

Prints a table: per benchmark, min/median/max for each switch and the
Flowswitch/OVS ratio (median over median, with the widest range the runs
allow: min/max .. max/min).  A switch that could not be measured is shown
as "not available: REASON" and its ratio as n/a.  Writes the same as JSON
and a small whitespace-separated file for the gnuplot chart (figures
normalised to OVS = 1).
"""
import json
import statistics
import sys

BENCHES = [
    ("P1", "64-byte forwarding, 1 flow", "pps", True),
    ("P2", "64-byte forwarding, 10k microflows", "pps", True),
    ("P3", "flow setup (each packet a new 5-tuple)", "flows/s", True),
    ("P4", "add-flows of the rule file, in the VM", "s", False),
    ("P6", "daemon RSS with those rules loaded, in the VM", "kB", False),
    ("P4N", "add-flows of 100k rules, native host", "s", False),
    ("P6N", "daemon RSS with 100k rules, native host", "kB", False),
]
SWITCHES = ["veth", "ovs", "flowswitch"]


def parse(path):
    runs, na, info = {}, {}, []
    with open(path, errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split(" ", 3)
            if parts[0] == "RESULT" and len(parts) >= 4:
                try:
                    v = float(parts[3])
                except ValueError:
                    continue
                runs.setdefault((parts[1], parts[2]), []).append(v)
            elif parts[0] == "NA" and len(parts) >= 3:
                na.setdefault((parts[1], parts[2]),
                              parts[3] if len(parts) > 3 else "")
            elif parts[0] == "INFO":
                info.append(line[5:].rstrip("\n"))
                # "INFO SW P3 run N WARNING: ...": that switch's flows did
                # not each go through an upcall, so P3 did not measure
                # flow setup: no figure rather than a misleading one.
                w = line.split()
                if len(w) > 5 and w[2] == "P3" and w[5] == "WARNING:":
                    na.setdefault(("P3", w[1]), "not comparable: " +
                                  line.split("WARNING: ", 1)[1].strip())
    return runs, na, info


def stats(vals):
    return {"runs": vals, "min": min(vals), "median": statistics.median(vals),
            "max": max(vals)}


def fmt(v, unit):
    if unit == "s":
        return "%.2f" % v
    return "%.0f" % v


def cell(s, unit):
    if "median" not in s:
        return "n/a"
    return "%s (%s..%s)" % (fmt(s["median"], unit), fmt(s["min"], unit),
                            fmt(s["max"], unit))


def markdown(out):
    """The results as a Markdown table (medians, min..max in brackets)."""
    lines = ["Guest: %s." % out["machine"], "",
             "| | unit | veth ceiling | Open vSwitch 3.1 | Flowswitch "
             "| Flowswitch/OVS |", "|---|---|---|---|---|---|"]
    notes = []
    for key, e in out["benchmarks"].items():
        sw = e["switches"]
        r = e["ratio_flowswitch_over_ovs"]
        ratio = ("%.2f (%.2f..%.2f)" % (r["median"], r["min"], r["max"])
                 if r else "n/a")
        lines.append("| %s %s | %s | %s | %s | %s | %s |" % (
            key, e["title"], e["unit"],
            cell(sw["veth"], e["unit"]) if "veth" in sw else "",
            cell(sw.get("ovs", {}), e["unit"]),
            cell(sw.get("flowswitch", {}), e["unit"]), ratio))
        for name in ("ovs", "flowswitch"):
            if sw.get(name, {}).get("available") is False:
                notes.append("- %s %s: not available: %s" %
                             (key, name, sw[name]["reason"]))
    return "\n".join(lines + [""] + notes) + "\n"


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    runs, na, info = parse(sys.argv[1])
    machine = next((i[len("machine "):] for i in info
                    if i.startswith("machine ")), "unknown")
    out = {"machine": machine, "benchmarks": {}}
    chart = []
    print("Flowswitch vs Open vSwitch (guest: %s)" % machine)
    print("figures: min / median / max over the runs; ratio = "
          "Flowswitch/OVS (median/median [min..max])")
    for key, title, unit, higher in BENCHES:
        entry = {"title": title, "unit": unit,
                 "higher_is_better": higher, "switches": {}}
        print("\n%s  %s (%s, %s is better)" %
              (key, title, unit, "higher" if higher else "lower"))
        for sw in SWITCHES:
            if key not in ("P1", "P2") and sw == "veth":
                continue
            vals = runs.get((key, sw))
            if vals and (key, sw) not in na:
                s = stats(vals)
                entry["switches"][sw] = s
                print("  %-11s %s / %s / %s  (%d runs)" % (
                    sw, fmt(s["min"], unit), fmt(s["median"], unit),
                    fmt(s["max"], unit), len(vals)))
            else:
                why = na.get((key, sw), "no result")
                entry["switches"][sw] = {"available": False, "reason": why}
                print("  %-11s not available: %s" % (sw, why))
        o = entry["switches"].get("ovs", {})
        f = entry["switches"].get("flowswitch", {})
        if "median" in o and "median" in f and o["min"] > 0:
            r = {"median": f["median"] / o["median"],
                 "min": f["min"] / o["max"], "max": f["max"] / o["min"]}
            entry["ratio_flowswitch_over_ovs"] = r
            print("  ratio       %.2f [%.2f..%.2f]" %
                  (r["median"], r["min"], r["max"]))
        else:
            entry["ratio_flowswitch_over_ovs"] = None
            if "median" not in f:
                print("  ratio       n/a (flowswitch: not available: %s)"
                      % f.get("reason"))
            else:
                print("  ratio       n/a (ovs: not available: %s)"
                      % o.get("reason"))
        v = entry["switches"].get("veth", {})
        if "median" in v and "median" in o:
            entry["ovs_over_veth"] = o["median"] / v["median"]
            print("  ceiling     OVS reaches %.0f%% of the bare veth pair" %
                  (100 * o["median"] / v["median"]))
        out["benchmarks"][key] = entry
        if "median" in o and o["median"] > 0:
            def norm(s):
                return s["median"] / o["median"] if "median" in s else 0
            chart.append('"%s\\n%s" %.4f %.4f %.4f' % (
                key, unit, norm(v) if "median" in v else 0, 1.0, norm(f)))
    with open(sys.argv[2], "w") as fp:
        json.dump(out, fp, indent=1)
        fp.write("\n")
    with open(sys.argv[3], "w") as fp:
        fp.write("# bench veth ovs flowswitch (median, OVS = 1; 0 = none)\n")
        fp.write("\n".join(chart) + "\n")
    if len(sys.argv) == 5:
        with open(sys.argv[4], "w") as fp:
            fp.write(markdown(out))
    warn = [i for i in info if "WARNING" in i]
    for w in warn:
        print("warning: " + w)


if __name__ == "__main__":
    main()
