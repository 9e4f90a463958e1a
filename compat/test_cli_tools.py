"""The offline command-line tools of the vigil binary: `vigil policy` and `vigil logs cluster`."""
from __future__ import annotations

import json
import subprocess

from helpers import clean_env, vigil_binary


def vigil(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(vigil_binary()), *args], input=stdin, capture_output=True, env=clean_env(), timeout=60,
                          text=isinstance(stdin, str) or stdin is None)


SPACE_A = "arn:aws:aidevops:us-east-1:123456789012:agentspace/a"


def test_policy_evaluate_names_the_deciding_statement(tmp_path):
    policy = tmp_path / "p.json"
    policy.write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "SpaceA", "Effect": "Allow", "Action": "aidevops:*", "Resource": SPACE_A},
        {"Sid": "NoDelete", "Effect": "Deny", "Action": "aidevops:Delete*", "Resource": "*"},
        {"Sid": "Office", "Effect": "Allow", "Action": "aidevops:ListAgentSpaces", "Resource": "*",
         "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}]}))
    allow = vigil("policy", "evaluate", "--policy", str(policy), "--action", "aidevops:GetAgentSpace", "--resource", SPACE_A)
    assert allow.returncode == 0 and allow.stdout.startswith("Allow") and "SpaceA" in allow.stdout
    deny = vigil("policy", "evaluate", "--policy", str(policy), "--action", "aidevops:DeleteAgentSpace", "--resource", SPACE_A)
    assert deny.returncode == 1 and deny.stdout.startswith("Deny") and "NoDelete" in deny.stdout
    other = vigil("policy", "evaluate", "--policy", str(policy), "--action", "aidevops:GetAgentSpace",
                  "--resource", SPACE_A[:-1] + "b")
    assert other.returncode == 1 and "ImplicitDeny" in other.stdout
    inside = vigil("policy", "evaluate", "--policy", str(policy), "--action", "aidevops:ListAgentSpaces",
                   "--resource", "*", "--context", "aws:SourceIp=10.1.2.3")
    outside = vigil("policy", "evaluate", "--policy", str(policy), "--action", "aidevops:ListAgentSpaces",
                    "--resource", "*", "--context", "aws:SourceIp=192.0.2.1")
    assert inside.returncode == 0 and outside.returncode == 1


def test_policy_validate_reports_elements(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "aidevops:GetAgentSpace",
                                                                        "NotAction": "x:y", "Resource": "*"}]}))
    res = vigil("policy", "validate", str(bad))
    assert res.returncode == 1
    assert "Statement[0]" in res.stdout + res.stderr
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "aidevops.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
    res = vigil("policy", "validate", "--trust", str(trust))
    assert "aws:SourceAccount" in res.stdout + res.stderr and "aws:SourceArn" in res.stdout + res.stderr


def test_logs_cluster_writes_one_line_per_input_line(tmp_path):
    lines = [
        "Connection from 10.0.0.1 port 51515 closed",
        "Connection from 10.0.0.2 port 4242 closed",
        "Disk /dev/sda1 is 91% full",
        "Connection from 192.168.1.9 port 22 closed",
        "",
    ]
    res = vigil("logs", "cluster", stdin="\n".join(lines) + "\n")
    assert res.returncode == 0, res.stderr
    out = res.stdout.splitlines()
    assert len(out) == len(lines)
    ids = [row.split("\t", 1)[0] for row in out]
    assert ids[0] == ids[1] == ids[3] and ids[2] != ids[0]
    assert "<*>" in out[0].split("\t", 1)[1]
    assert vigil("logs", "cluster", "--final", stdin="\n".join(lines) + "\n").stdout == res.stdout
    # Final output by default: the first line already carries what later lines taught (the user
    # name varies); --stream writes each line as read, when the first line was its own template.
    users = [f"session opened for user {name} by sshd" for name in ("alice", "bob", "carol", "dave", "erin")]
    final = vigil("logs", "cluster", stdin="\n".join(users) + "\n").stdout.splitlines()
    streamed = vigil("logs", "cluster", "--stream", stdin="\n".join(users) + "\n").stdout.splitlines()
    assert len(final) == len(streamed) == len(users)
    assert len({row.split("\t", 1)[0] for row in final}) == 1
    assert final[0].split("\t", 1)[1] == "session opened for user <*> by sshd"
    assert streamed[0].split("\t", 1)[1] == users[0]
    assert streamed[-1].split("\t", 1)[1] == "session opened for user <*> by sshd"
    both = vigil("logs", "cluster", "--stream", "--final", stdin="x\n")
    assert both.returncode == 2 and "exclude" in both.stderr
    # Malformed UTF-8 does not stop it.
    raw = vigil("logs", "cluster", stdin=b"ok line 1\n\xff\xfe broken \xc3\n")
    assert raw.returncode == 0 and len(raw.stdout.splitlines()) == 2
