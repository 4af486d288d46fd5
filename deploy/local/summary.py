"""Prints the main job's table (stage, test accuracy, loss, seconds) from the server's round history JSON."""
import json
import sys

rounds = json.load(open(sys.argv[1]))
print()
print("%-9s %13s %8s %9s" % ("stage", "test accuracy", "loss", "seconds"))
for r in rounds:
    stage = "baseline" if r["round"] == 0 else "round %d" % r["round"]
    seconds = (r["trainMs"] + r["transferMs"] + r["blendMs"] + r["evalMs"] + r["persistMs"]) / 1000
    print("%-9s %13.4f %8.4f %9.1f" % (stage, r["accuracy"], r["loss"], seconds))
first, last = rounds[0], rounds[-1]
print("%-9s %13.4f %8.4f %9s" % ("final", last["accuracy"], last["loss"], ""))
print("improvement over the baseline: %+.2f percentage points" % (100 * (last["accuracy"] - first["accuracy"])))
