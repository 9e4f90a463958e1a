/// Stored rows keep the API shape's own JSON, so what was written is exactly what is read back.
/// Public so every module that writes API records (handlers, intake, investigations) stores them alike.
extension APIShape {
    public var document: [UInt8] { JSONWriter.write(toJSON()) }

    public init(document: [UInt8]) throws {
        try self.init(json: JSONParser.parse(document))
    }
}
