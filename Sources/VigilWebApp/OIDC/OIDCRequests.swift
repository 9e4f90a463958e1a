import Foundation
import VigilAPIModel
import VigilOAuth

/// The two requests of the authorization code flow, built without I/O.
public enum OIDCRequests {
    /// The authorization endpoint URL the browser is sent to (OpenID Connect Core §3.1.2.1).
    public static func authorizationURL(endpoint: String, clientId: String, redirectURI: String, state: String, nonce: String,
                                        pkce: PKCE) throws(OIDCError) -> String {
        guard var components = URLComponents(string: endpoint) else { throw .discoveryFailed("authorization_endpoint is not a URL") }
        var items = components.queryItems ?? []
        items += [
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "client_id", value: clientId),
            URLQueryItem(name: "redirect_uri", value: redirectURI),
            URLQueryItem(name: "scope", value: "openid email profile"),
            URLQueryItem(name: "state", value: state),
            URLQueryItem(name: "nonce", value: nonce),
            URLQueryItem(name: "code_challenge", value: pkce.challenge),
            URLQueryItem(name: "code_challenge_method", value: pkce.method),
        ]
        components.percentEncodedQuery = items.map { "\(formEncode($0.name))=\(formEncode($0.value ?? ""))" }.joined(separator: "&")
        guard let url = components.string else { throw .discoveryFailed("authorization_endpoint is not a URL") }
        return url
    }

    /// Headers and form body of the token request (RFC 6749 §4.1.3 with §2.3.1 client authentication).
    public static func tokenRequest(code: String, redirectURI: String, pkce: PKCE, clientId: String, clientSecret: String,
                                    secretInBody: Bool) -> (headers: [(String, String)], body: String) {
        var fields = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
                      ("code_verifier", pkce.verifier)]
        var headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
        if secretInBody {
            fields += [("client_id", clientId), ("client_secret", clientSecret)]
        } else {
            // client_secret_basic form-encodes id and secret before base64 (RFC 6749 §2.3.1).
            let pair = "\(formEncode(clientId)):\(formEncode(clientSecret))"
            headers.append(("Authorization", "Basic " + Data(pair.utf8).base64EncodedString()))
            fields.append(("client_id", clientId))
        }
        return (headers, fields.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&"))
    }

    /// The ID token of a token endpoint answer, or the provider's error code.
    public static func idToken(fromTokenResponse body: [UInt8], status: Int) throws(OIDCError) -> String {
        let object = (try? JSONParser.parse(body))?.objectValue
        guard (200..<300).contains(status) else {
            throw .tokenEndpointRefused(status: status, error: object?["error"]?.stringValue.map(errorCode))
        }
        guard let object else { throw .malformedToken("the token endpoint did not answer JSON") }
        guard let token = object["id_token"]?.stringValue else { throw .missingClaim("id_token (token response)") }
        return token
    }

    /// The registered RFC 6749 error codes are short words of letters and `_`; anything else is
    /// not shown (the provider's text is not ours to put on a page).
    public static func errorCode(_ text: String) -> String {
        let ok = (1...64).contains(text.count) && text.unicodeScalars.allSatisfy { ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || $0 == "_" }
        return ok ? text : "unrecognised"
    }

    /// `application/x-www-form-urlencoded` escaping: only unreserved characters stay as they are.
    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
