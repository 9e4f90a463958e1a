import Hummingbird
import VigilAWS

extension SignableRequest {
    /// The request as SigV4 sees it: raw path and query, every header, and `host`, which HTTP/1
    /// delivers as the request's authority rather than among the header fields.
    init(_ request: Request, body: [UInt8]) {
        var headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        if let authority = request.head.authority { headers.append((name: "host", value: authority)) }
        self.init(method: request.method.rawValue, rawPath: request.uri.path, rawQuery: request.uri.query,
                  headers: headers, body: body)
    }
}
