/// The kind of a model shape.
///
/// Unions are ``structure`` with ``ShapeDescriptor/isUnion`` set. botocore models documents as a
/// structure with `document: true`; they are reported here as ``document``.
public enum ShapeType: String, Sendable, Hashable {
    case structure, list, map, string, integer, long, double, float, boolean, timestamp, document, blob
}

/// Where an input member is bound in the HTTP request.
public enum MemberLocation: String, Sendable, Hashable {
    /// A `{label}` of the request URI.
    case uri
    /// A query-string parameter (a map target takes all parameters not bound to another member).
    case querystring
    /// One HTTP header.
    case header
    /// All headers starting with the member's `locationName` prefix (map target).
    case headers
    /// The JSON body (the default).
    case body
}

/// A member of a structure or union.
public struct MemberDescriptor: Sendable, Hashable {
    /// The member name (also the Swift property name, modulo backticks).
    public let name: String
    /// The target shape's name.
    public let target: String
    public let location: MemberLocation
    /// URI label, query parameter or header name for bound members; the JSON key when a body
    /// member renames itself (none does in this model).
    public let locationName: String?
    public let required: Bool
    /// The `idempotencyToken` trait (SDKs fill in a UUID when absent).
    public let idempotencyToken: Bool
    /// The effective format of a timestamp member: the member's, else the target's, else the
    /// location default (body `epochSeconds`, query `iso8601`, header `httpDate`). `nil` for
    /// non-timestamp members.
    public let timestampFormat: TimestampFormat?
    /// The `deprecated` trait.
    public let deprecated: Bool

    public init(
        name: String,
        target: String,
        location: MemberLocation = .body,
        locationName: String? = nil,
        required: Bool = false,
        idempotencyToken: Bool = false,
        timestampFormat: TimestampFormat? = nil,
        deprecated: Bool = false
    ) {
        self.name = name
        self.target = target
        self.location = location
        self.locationName = locationName
        self.required = required
        self.idempotencyToken = idempotencyToken
        self.timestampFormat = timestampFormat
        self.deprecated = deprecated
    }

    /// The key of this member in the JSON object that generated `init(json:)` reads: the
    /// `locationName` of a renamed body member, otherwise the member name (bound members are
    /// placed under their member name by ``RequestBinder``).
    public var jsonKey: String {
        if location == .body, let locationName { return locationName }
        return name
    }
}

/// One shape of the service model (generated into ``ServiceModel/shapes``).
public struct ShapeDescriptor: Sendable, Hashable {
    public let name: String
    public let type: ShapeType
    /// Members in model order (structures and unions).
    public let members: [MemberDescriptor]
    /// `min` trait: string length in Unicode scalars, list/map size, or numeric minimum.
    public let min: Int?
    /// `max` trait, same units as ``min``.
    public let max: Int?
    /// `pattern` trait, as written in the model (validated as a full match, see ``RequestBinder``).
    public let pattern: String?
    /// Allowed values of an enum string, in model order.
    public let enumValues: [String]?
    public let isUnion: Bool
    /// The `sensitive` trait: values are redacted in logs (see ``ServiceModel/redact(_:shapeName:)``).
    public let isSensitive: Bool
    /// An event-stream union (`SendMessageEvents`).
    public let isEventStream: Bool
    /// A structure used as an event of an event stream.
    public let isEvent: Bool
    /// An error shape (`exception: true`).
    public let isException: Bool
    /// A server fault (`fault: true`), for example `InternalServerException`.
    public let isFault: Bool
    /// The error's `httpStatusCode`; `nil` when the model gives none (`ValidationException`: use 400).
    public let errorHTTPStatus: Int?
    /// The shape's own `timestampFormat` trait (timestamp shapes).
    public let timestampFormat: TimestampFormat?
    /// The member bound to the whole HTTP payload (`payload` trait), for example `events`.
    public let payloadMember: String?
    /// Element shape of a list.
    public let listMember: String?
    /// Key shape of a map.
    public let mapKey: String?
    /// Value shape of a map.
    public let mapValue: String?

    public init(
        name: String,
        type: ShapeType,
        members: [MemberDescriptor] = [],
        min: Int? = nil,
        max: Int? = nil,
        pattern: String? = nil,
        enumValues: [String]? = nil,
        isUnion: Bool = false,
        isSensitive: Bool = false,
        isEventStream: Bool = false,
        isEvent: Bool = false,
        isException: Bool = false,
        isFault: Bool = false,
        errorHTTPStatus: Int? = nil,
        timestampFormat: TimestampFormat? = nil,
        payloadMember: String? = nil,
        listMember: String? = nil,
        mapKey: String? = nil,
        mapValue: String? = nil
    ) {
        self.name = name
        self.type = type
        self.members = members
        self.min = min
        self.max = max
        self.pattern = pattern
        self.enumValues = enumValues
        self.isUnion = isUnion
        self.isSensitive = isSensitive
        self.isEventStream = isEventStream
        self.isEvent = isEvent
        self.isException = isException
        self.isFault = isFault
        self.errorHTTPStatus = errorHTTPStatus
        self.timestampFormat = timestampFormat
        self.payloadMember = payloadMember
        self.listMember = listMember
        self.mapKey = mapKey
        self.mapValue = mapValue
    }

    /// The member called `name`.
    public func member(named name: String) -> MemberDescriptor? {
        members.first { $0.name == name }
    }

    /// Names of the required members, in model order.
    public var requiredMembers: [String] {
        members.filter(\.required).map(\.name)
    }
}
