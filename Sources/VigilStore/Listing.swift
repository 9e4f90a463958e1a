import Foundation
import GRDB

/// Keyset pagination over one table. Column names come only from our own code, never from input;
/// every value is a bound argument.
struct Listing {
    var table: String
    var conditions: [String] = []
    var arguments: StatementArguments = []
    /// An integer column to sort by before `seq` (for example a priority rank); nil sorts by `seq`.
    var sortColumn: String? = nil
    var order: ListOrder = .ascending

    mutating func filter(_ sql: String, _ values: [any DatabaseValueConvertible]) {
        conditions.append(sql)
        arguments += StatementArguments(values)
    }

    func fetch(_ db: Database, after cursor: PageCursor?, limit: Int) throws -> Page<StoredDocument> {
        var where_ = conditions
        var args = arguments
        let cmp = order == .ascending ? ">" : "<"
        let sortExpr = sortColumn ?? "seq"
        if let cursor {
            if let sortColumn {
                where_.append("(\(sortColumn) \(cmp) ? OR (\(sortColumn) = ? AND seq \(cmp) ?))")
                args += [cursor.sortKey, cursor.sortKey, cursor.seq]
            } else {
                where_.append("seq \(cmp) ?")
                args += [cursor.seq]
            }
        }
        let dir = order == .ascending ? "ASC" : "DESC"
        let orderBy = sortColumn == nil ? "seq \(dir)" : "\(sortExpr) \(dir), seq \(dir)"
        let sql = "SELECT seq, id, doc, \(sortExpr) AS sort_key FROM \(table)"
            + (where_.isEmpty ? "" : " WHERE " + where_.joined(separator: " AND "))
            + " ORDER BY \(orderBy) LIMIT ?"
        args += [limit + 1]
        let rows = try Row.fetchAll(db, sql: sql, arguments: args)
        let items = rows.prefix(limit).map(StoredDocument.init(row:))
        var next: PageCursor?
        if rows.count > limit, let last = rows.prefix(limit).last {
            next = PageCursor(sortKey: last["sort_key"], seq: last["seq"])
        }
        return Page(items: items, nextCursor: next)
    }
}

extension Row {
    func bytes(_ column: String) -> [UInt8]? {
        let data: Data? = self[column]
        return data.map { [UInt8]($0) }
    }
}

func blob(_ bytes: [UInt8]) -> Data { Data(bytes) }
