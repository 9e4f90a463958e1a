import HTTPTypes
import Hummingbird
import NIOCore

/// Every response of the web app goes through here, so every page carries the same security
/// headers: a strict Content-Security-Policy (no inline script or style), nosniff, no referrer,
/// no framing, and no caching of pages that show account data.
enum WebResponses {
    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    static func securityHeaders(cacheable: Bool = false) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[.init("Referrer-Policy")!] = "no-referrer"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.cacheControl] = cacheable ? "public, max-age=31536000, immutable" : "no-store"
        return headers
    }

    static func html(_ body: String, status: HTTPResponse.Status = .ok, cookies: [String] = []) -> Response {
        var headers = securityHeaders()
        headers[.contentType] = "text/html; charset=utf-8"
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func svg(_ body: String) -> Response {
        var headers = securityHeaders()
        headers[.contentType] = "image/svg+xml"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func json(_ body: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        var headers = securityHeaders()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// 303 to a path of this app (never to another origin), with cookies to set.
    static func redirect(to path: String, cookies: [String] = []) -> Response {
        var headers = securityHeaders()
        headers[.location] = LocalPath.sanitize(path)
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    static func text(_ body: String, status: HTTPResponse.Status) -> Response {
        var headers = securityHeaders()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Redirect targets are paths of this server only: `/x`, never `//host` or `https://host`.
enum LocalPath {
    static func sanitize(_ path: String) -> String {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.hasPrefix("/\\"),
              path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return "/" }
        return path
    }
}
