"""CloudWatch alarms through an SNS HTTPS subscription: the subscription confirmation is
confirmed by GET of SubscribeURL, notifications are accepted only with a valid SNS signature.
A local HTTP server plays SNS (certificate and confirmation link) through the test-host setting;
the messages are signed exactly as SNS signs them (RSA PKCS#1 v1.5, SHA-1 for v1, SHA-256 for v2)."""
from __future__ import annotations

import base64
import datetime as dt
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from helpers import free_port, make_client
from intake_support import all_tasks, make_hook, post, wait_for


class FakeSNS:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sns.compat.invalid")])
        now = dt.datetime.now(dt.timezone.utc)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(self.key.public_key())
                .serial_number(7).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
                .sign(self.key, hashes.SHA256()))
        self.pem = cert.public_bytes(serialization.Encoding.PEM)
        self.confirmed: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path.startswith("/cert.pem"):
                    body = outer.pem
                else:
                    outer.confirmed.append(self.path)
                    body = b"<ConfirmSubscriptionResponse/>"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def envelope(self, type_: str, message: str, version: str = "2", **extra) -> dict:
        m = {"Type": type_, "MessageId": str(uuid.uuid4()), "TopicArn": "arn:aws:sns:us-east-1:123456789012:alarms",
             "Message": message, "Timestamp": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
             "SignatureVersion": version, "SigningCertURL": f"http://{self.host}/cert.pem", **extra}
        keys = (["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"] if type_ == "Notification"
                else ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"])
        text = "".join(f"{k}\n{m[k]}\n" for k in keys if k in m)
        algo = hashes.SHA1() if version == "1" else hashes.SHA256()
        m["Signature"] = base64.b64encode(self.key.sign(text.encode(), padding.PKCS1v15(), algo)).decode()
        return m

    def close(self):
        self.httpd.shutdown()


@pytest.fixture
def sns():
    s = FakeSNS()
    yield s
    s.close()


def alarm(state: str) -> str:
    return json.dumps({"AlarmName": "orders-queue-depth", "NewStateValue": state, "NewStateReason": "Threshold Crossed",
                       "StateChangeTime": "2026-11-27T06:06:00.000+0000", "AlarmArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-queue-depth",
                       "Trigger": {"Dimensions": [{"name": "QueueName", "value": "orders"}]}})


def test_sns_confirmation_and_signed_notifications(vigil_server, sns):
    srv = vigil_server("intake-sns", env={"VIGIL_INTAKE_SNS_TEST_HOST": sns.host})
    client = make_client(srv)
    space = client.create_agent_space(name="sns")["agentSpace"]["agentSpaceId"]
    hook = make_hook(client, space, auth="apikey")
    path = hook.url.split(str(srv.port), 1)[1]
    # SNS sends the endpoint URL's user:password as Basic credentials.
    auth = {"Authorization": "Basic " + base64.b64encode(f"sns:{hook.secret}".encode()).decode()}

    def send(m: dict):
        return post(srv, path, json.dumps(m).encode(), {**auth, "x-amz-sns-message-type": m["Type"]},
                    content_type="text/plain; charset=UTF-8")

    confirm = sns.envelope("SubscriptionConfirmation", "confirm please", version="1", Token="tok-1",
                           SubscribeURL=f"http://{sns.host}/confirm?Token=tok-1")
    assert send(confirm) == (200, {"status": "confirmed"})
    assert sns.confirmed == ["/confirm?Token=tok-1"]
    # A confirmation link elsewhere is never fetched.
    evil = sns.envelope("SubscriptionConfirmation", "x", version="1", Token="t", SubscribeURL="http://127.0.0.1:1/evil")
    assert send(evil)[0] == 400 and sns.confirmed == ["/confirm?Token=tok-1"]

    note = sns.envelope("Notification", alarm("ALARM"), Subject="ALARM: orders-queue-depth")
    status, reply = send(note)
    assert status == 202 and reply["sender"] == "cloudwatch"
    tampered = dict(sns.envelope("Notification", alarm("ALARM")), Message=alarm("OK"))
    assert send(tampered)[0] == 401
    tasks = wait_for(lambda: all_tasks(client, space), what="the alarm task")
    assert len(tasks) == 1 and tasks[0]["title"] == "CloudWatch alarm orders-queue-depth is ALARM"
