import Hummingbird
import NIOCore

/// Mounts `POST /webhook/{generic|gitlab|pagerduty}/{webhookId}` on a router.
public enum WebhookRoutes {
    public static func mount<Context: RequestContext>(on router: Router<Context>, receiver: WebhookReceiver) {
        router.post("/webhook/:path/:id") { request, context -> Response in
            let path = context.parameters.get("path") ?? ""
            let id = context.parameters.get("id") ?? ""
            var pairs: [(String, String)] = []
            for field in request.headers { pairs.append((field.name.canonicalName, field.value)) }
            let headers = DeliveryHeaders(pairs)
            var body: [UInt8]?
            do {
                let buffer = try await request.body.collect(upTo: receiver.maxBodyBytes)
                body = Array(buffer.readableBytesView)
            } catch {
                body = nil
            }
            let reply = await receiver.receive(path: path, webhookId: id, headers: headers, body: body)
            return Response(status: .init(code: reply.status), headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
        }
    }
}
