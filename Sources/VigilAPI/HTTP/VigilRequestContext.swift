import Hummingbird
import NIOCore

/// The request context of Vigil's router: Hummingbird's core storage plus the peer address,
/// which becomes `aws:SourceIp` in authorization.
public struct VigilRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
