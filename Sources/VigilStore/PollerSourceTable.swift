import Foundation
import GRDB

/// The registrations intake pollers read from: associations of a service type with the sealed
/// service details of their registered service (opened by the caller with the server's SecretBox).
public struct PollerSourceTable {
    let db: Database

    public struct Source: Sendable, Equatable {
        public var space: String
        public var associationId: String
        public var serviceId: String
        /// `serviceDetails` as RegisterService sealed it, context `service:<serviceId>`.
        public var sealedDetails: [UInt8]?
    }

    /// Every association of `serviceType` in live agent spaces, oldest first.
    public func associations(serviceType: String) throws -> [Source] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT a.space_id, a.id, a.service_id, s.secrets_sealed FROM associations a
                JOIN agent_spaces sp ON sp.id = a.space_id AND sp.deleted_at IS NULL
                LEFT JOIN services s ON s.id = a.service_id
                WHERE a.service_type = ? ORDER BY a.seq
                """,
            arguments: [serviceType]
        ).map { row in
            Source(space: row["space_id"], associationId: row["id"], serviceId: row["service_id"],
                   sealedDetails: (row["secrets_sealed"] as Data?).map { [UInt8]($0) })
        }
    }
}
