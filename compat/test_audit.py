"""Every API call lands in the tamper-evident audit trail; `vigil audit verify` checks it and names
the first bad record after tampering."""
from __future__ import annotations

import sqlite3
import subprocess

from helpers import assert_error, clean_env, make_client, vigil_binary


def audit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(vigil_binary()), "audit", *args], capture_output=True, text=True, timeout=120,
                          env=clean_env())


def test_calls_are_audited_and_tampering_is_named(vigil_server):
    server = vigil_server("audit")
    client = make_client(server)
    space = client.create_agent_space(name="audited")["agentSpace"]["agentSpaceId"]
    client.get_agent_space(agentSpaceId=space)
    assert_error(lambda: client.get_agent_space(agentSpaceId="missing"), "ResourceNotFoundException", 404)
    intruder = make_client(server, key="AKIAINTRUDER00000000", secret="x" * 40)
    assert_error(lambda: intruder.list_agent_spaces(), "UnrecognizedClientException", 403)
    server.stop()

    ok = audit("verify", "--data-dir", str(server.data_dir))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    db = sqlite3.connect(server.data_dir / "audit.sqlite")
    table = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'") if "record" in r[0]][0]
    columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
    rows = db.execute(f"SELECT * FROM {table} ORDER BY seq").fetchall()
    text = " ".join(str(v) for row in rows for v in row)
    assert "aidevops:CreateAgentSpace" in text and "aidevops:GetAgentSpace" in text and "AKIAINTRUDER00000000" in text
    assert len(rows) >= 4
    # An attacker with the file: drop the triggers, rewrite a decision.
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        db.execute(f"DROP TRIGGER {name}")
    assert "decision" in columns
    db.execute(f"UPDATE {table} SET decision = 'allow' WHERE seq = 2")
    db.commit()
    db.close()
    bad = audit("verify", "--data-dir", str(server.data_dir))
    assert bad.returncode == 1
    assert "BAD: record 2 was edited" in bad.stdout, bad.stdout + bad.stderr
