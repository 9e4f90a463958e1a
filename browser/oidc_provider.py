"""A real OpenID Connect provider on loopback for the sign-in tests.

It is `oidc-provider-mock` (authlib's authorization server: discovery, JWKS, authorization
code with PKCE, token endpoint, RS256 ID tokens) served over HTTPS with a certificate from a
throw-away CA, because Vigil only accepts https issuers. Vigil is told to trust that CA with
VIGIL_OIDC_CA_FILE; Chromium is started with acceptInsecureCerts.

`mode` makes the next ID tokens faulty in one way, to check that Vigil refuses each:
  "ok"             a correct token
  "wrong-audience" aud names another client
  "expired"        exp two hours in the past
  "bad-signature"  signed with a key the JWKS does not publish, under the published kid
"""
from __future__ import annotations

import contextlib
import datetime
import ipaddress
import ssl
import threading
from pathlib import Path

import oidc_provider_mock
import oidc_provider_mock._app as provider_app
import werkzeug.serving
from authlib import jose
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

MODES = ("ok", "wrong-audience", "expired", "bad-signature")
_state = {"mode": "ok"}
_forger = jose.RSAKey.generate_key(is_private=True)
_original_jwt_config = provider_app.OpenIDCode.get_jwt_config


def _jwt_config(self, grant, client=None):
    config = dict(_original_jwt_config(self, grant, client))
    published = provider_app.storage.jwk.as_dict(is_private=True)
    # Name the published key in the header, as most issuers do.
    config["kid"] = published.get("kid")
    mode = _state["mode"]
    if mode == "wrong-audience":
        config["aud"] = ["some-other-client"]
    elif mode == "expired":
        config["exp"] = -7200
    elif mode == "bad-signature":
        forged = _forger.as_dict(is_private=True)
        forged["kid"] = published.get("kid")
        config["key"] = forged
    return config


provider_app.OpenIDCode.get_jwt_config = _jwt_config


def set_mode(mode: str) -> None:
    assert mode in MODES, mode
    _state["mode"] = mode


def make_tls(directory: Path) -> tuple[Path, Path, Path]:
    """A CA and a server certificate for localhost/127.0.0.1 signed by it: (ca.pem, cert.pem, key.pem)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Vigil test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = (directory / "ca.pem", directory / "cert.pem", directory / "key.pem")
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


@contextlib.contextmanager
def running_provider(directory: Path):
    """Yields (issuer URL, CA file). The issuer is https://localhost:PORT (what the provider names itself)."""
    ca, cert, key = make_tls(directory)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    app = oidc_provider_mock.app(require_nonce=True)
    server = werkzeug.serving.make_server("localhost", 0, app, threaded=True, ssl_context=context)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"https://localhost:{server.server_port}", ca
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()
