import Hummingbird
import NIOCore
import VigilAPIModel
import VigilAWS
import VigilCore

/// Turns handler results and errors into HTTP responses in the form botocore parses.
enum ResponseWriter {
    static func make(_ result: APIResponse, requestId: String) -> Response {
        var headers = HTTPFields()
        headers[.init("x-amzn-RequestId")!] = requestId
        switch result {
        case .json(let status, let body):
            let bytes = JSONWriter.write(body)
            headers[.contentType] = "application/json"
            return Response(status: .init(code: status), headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .empty(let status):
            return Response(status: .init(code: status), headers: headers, body: ResponseBody())
        case .eventStream(let messages):
            headers[.contentType] = "application/vnd.amazon.eventstream"
            let frames = messages.map { ByteBuffer(bytes: $0.encode()) }
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                // One write per frame, so a client sees events as they are produced.
                for frame in frames {
                    try await writer.write(frame)
                }
                try await writer.finish(nil)
            })
        }
    }
}

enum ErrorResponse {
    static func make(_ error: APIError, requestId: String) -> Response {
        var body: [String: JSONValue] = ["message": .string(error.message)]
        if let fields = error.fieldList {
            body["fieldList"] = .array(fields.map { .object(["path": .string($0.path), "message": .string($0.message)]) })
        }
        var headers = HTTPFields()
        headers[.init("x-amzn-RequestId")!] = requestId
        headers[.init("x-amzn-ErrorType")!] = error.code
        headers[.contentType] = "application/json"
        return Response(status: .init(code: error.httpStatus), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONWriter.write(.object(body)))))
    }
}
