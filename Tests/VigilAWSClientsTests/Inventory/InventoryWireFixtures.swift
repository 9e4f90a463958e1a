import Foundation

/// Answers in the wire format of each protocol, for the reader-level fault tests and the
/// Resource Explorer tests. They are written from the botocore models and AWS's documented
/// answers, not captured from a live account.
enum InventoryWire {
    enum WireProtocol { case query, ec2, json, restJSON }

    /// Which protocol a request the local server received speaks.
    static func protocolOf(_ request: LocalHTTPServer.Request) -> WireProtocol {
        if request.header("X-Amz-Target") != nil { return .json }
        if request.header("Content-Type")?.hasPrefix("application/x-www-form-urlencoded") == true {
            return request.form["Version"] == "2016-11-15" ? .ec2 : .query
        }
        return .restJSON
    }

    /// The operation a request calls (query `Action`, json target, or rest-json method and path).
    static func operation(_ request: LocalHTTPServer.Request) -> String {
        if let target = request.header("X-Amz-Target") { return String(target.split(separator: ".").last ?? "") }
        if let action = request.form["Action"] { return action }
        return "\(request.method) \(request.path)"
    }

    /// An AWS error answer in the request's own protocol.
    static func error(for request: LocalHTTPServer.Request, status: Int, code: String, message: String) -> LocalHTTPServer.Reply {
        switch protocolOf(request) {
        case .query:
            return .init(status: status, headers: [("Content-Type", "text/xml")], body: """
                <ErrorResponse xmlns="http://example.amazonaws.com/doc/"><Error><Type>Sender</Type><Code>\(code)</Code>\
                <Message>\(message)</Message></Error><RequestId>req-1</RequestId></ErrorResponse>
                """)
        case .ec2:
            return .init(status: status, headers: [("Content-Type", "text/xml;charset=UTF-8")], body: """
                <?xml version="1.0" encoding="UTF-8"?>
                <Response><Errors><Error><Code>\(code)</Code><Message>\(message)</Message></Error></Errors><RequestID>req-1</RequestID></Response>
                """)
        case .json:
            return .init(status: status, headers: [("Content-Type", "application/x-amz-json-1.1")],
                         body: #"{"__type":"\#(code)","message":"\#(message)"}"#)
        case .restJSON:
            return .init(status: status, headers: [("Content-Type", "application/json"), ("x-amzn-ErrorType", "\(code):http://internal.amazon.com/coral/")],
                         body: #"{"message":"\#(message)"}"#)
        }
    }

    /// A Resource Explorer Search page (rest-json, `application/json`).
    static func searchPage(account: String, resources: [(arn: String, type: String, region: String)], next: String?) -> LocalHTTPServer.Reply {
        let items = resources.map { resource -> String in
            let service = String(resource.type.split(separator: ":").first ?? "")
            return """
                {"Arn":"\(resource.arn)","LastReportedAt":"2026-11-20T10:00:00.000Z","OwningAccountId":"\(account)",\
                "Properties":[{"Data":[{"Key":"app","Value":"shop"}],"LastReportedAt":"2026-11-20T10:00:00.000Z","Name":"tags"}],\
                "Region":"\(resource.region)","ResourceType":"\(resource.type)","Service":"\(service)"}
                """
        }.joined(separator: ",")
        let token = next.map { #","NextToken":"\#($0)""# } ?? ""
        return .init(status: 200, headers: [("Content-Type", "application/json"), ("x-amzn-RequestId", "req-search")], body: """
            {"Count":{"Complete":true,"TotalResources":\(resources.count)},"Resources":[\(items)],\
            "ViewArn":"arn:aws:resource-explorer-2:us-east-1:\(account):view/default/1a2b3c4d"\(token)}
            """)
    }
}
