import Crypto
import Foundation
import Hummingbird
import NIOCore

/// The files of `Static/`, served under content-hashed names (`/static/app.3f2a9c1d.css`) so
/// browsers may cache them for a year: a changed file gets a new name.
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        var bytes: [UInt8]
        var contentType: String
    }

    /// Hashed name → asset.
    let byName: [String: Asset]
    /// Plain name (`app.css`) → URL path (`/static/app.3f2a9c1d.css`).
    let paths: [String: String]

    init(directory: URL) throws {
        var byName: [String: Asset] = [:]
        var paths: [String: String] = [:]
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        for file in files {
            let url = directory.appendingPathComponent(file)
            let bytes = Array(try Data(contentsOf: url))
            let digest = SHA256.hash(data: Data(bytes)).prefix(6).map { String(format: "%02x", $0) }.joined()
            let ext = url.pathExtension
            let hashed = "\(url.deletingPathExtension().lastPathComponent).\(digest).\(ext)"
            byName[hashed] = Asset(bytes: bytes, contentType: Self.contentType(ext))
            paths[file] = "/static/\(hashed)"
        }
        self.byName = byName
        self.paths = paths
    }

    static func contentType(_ ext: String) -> String {
        switch ext {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }

    func response(_ name: String) -> Response {
        guard let asset = byName[name] else { return WebResponses.text("Not found", status: .notFound) }
        var headers = WebResponses.securityHeaders(cacheable: true)
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }
}
