#!/usr/bin/env python3
"""Per-rule agreement between oscap's XCCDF results and qalxan-agent's JSON results.
Usage: compare.py OSCAP_RESULTS.xml AGENT.json  -> prints the agreement and every disagreement."""
import json
import sys
import xml.etree.ElementTree as ET

X = '{http://checklists.nist.gov/xccdf/1.2}'
oscap = {}
for rr in ET.parse(sys.argv[1]).getroot().iter(X + 'rule-result'):
    result = rr.find(X + 'result').text
    if result != 'notselected':
        oscap[rr.get('idref')] = result
agent = {r['id']: (r['result'], r['reason']) for r in json.load(open(sys.argv[2]))['rules']}
ids = sorted(set(oscap) | set(agent))
agree = [i for i in ids if oscap.get(i, '-') == agent.get(i, ('-', ''))[0]]
print(f"agreement {len(agree)}/{len(ids)} ({100.0 * len(agree) / max(1, len(ids)):.1f}%)")
for i in ids:
    if i in agree:
        continue
    a = agent.get(i, ('-', ''))
    print(f"  differs {i.replace('xccdf_org.ssgproject.content_rule_', '')}: oscap {oscap.get(i, '-')}, "
          f"agent {a[0]} ({a[1][:160]})")
