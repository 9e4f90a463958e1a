/// Why a SigV4-authenticated request was refused, with the code, message and HTTP status
/// that AWS services answer (rest-json: header `x-amzn-ErrorType: <code>`, body `{"message": ...}`).
public enum SigV4Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `Authorization` header (and no presigned query).
    case missingAuthenticationToken
    /// The `Authorization` header or `X-Amz-Date` is missing parts or malformed. The message
    /// names what is wrong.
    case incompleteSignature(String)
    /// The credential scope does not fit this endpoint (service, region, terminator, or a
    /// date that differs from `X-Amz-Date`). The message gives the reason.
    case invalidCredentialScope(String)
    /// `X-Amz-Date` is older than now minus the allowed clock skew.
    case signatureExpired(String)
    /// `X-Amz-Date` is later than now plus the allowed clock skew.
    case signatureNotYetCurrent(String)
    /// The recomputed signature differs from the one sent.
    case signatureMismatch
    /// `x-amz-content-sha256` was sent and is not the SHA-256 of the body.
    case contentSHA256Mismatch
    /// The access key id is unknown (decided by the caller between `parse` and `verify`).
    case unrecognizedClient
    /// The query carries `X-Amz-Signature` / `X-Amz-Algorithm`: presigned URLs are not supported.
    case presignedURLNotSupported

    /// The AWS error code.
    public var code: String {
        switch self {
        case .missingAuthenticationToken: "MissingAuthenticationTokenException"
        case .incompleteSignature: "IncompleteSignatureException"
        case .invalidCredentialScope, .signatureExpired, .signatureNotYetCurrent, .signatureMismatch,
             .presignedURLNotSupported:
            "InvalidSignatureException"
        case .contentSHA256Mismatch: "XAmzContentSHA256Mismatch"
        case .unrecognizedClient: "UnrecognizedClientException"
        }
    }

    /// The message, in AWS's words where AWS has them.
    public var message: String {
        switch self {
        case .missingAuthenticationToken:
            "Missing Authentication Token"
        case let .incompleteSignature(message), let .invalidCredentialScope(message),
             let .signatureExpired(message), let .signatureNotYetCurrent(message):
            message
        case .signatureMismatch:
            "The request signature we calculated does not match the signature you provided. "
                + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
        case .contentSHA256Mismatch:
            "The provided 'x-amz-content-sha256' header does not match what was computed."
        case .unrecognizedClient:
            "The security token included in the request is invalid."
        case .presignedURLNotSupported:
            "Presigned URLs (X-Amz-Signature in the query string) are not supported; "
                + "sign the request with the Authorization header."
        }
    }

    /// The HTTP status to answer with.
    public var httpStatus: Int {
        switch self {
        case .contentSHA256Mismatch: 400
        default: 403
        }
    }

    public var description: String { "\(code): \(message)" }
}
