import VigilAPIModel
import VigilCore

/// A RegisterService request for an MCP server type, bound and validated against the model except
/// for the `https://`-only URL patterns, which `MCPServiceDetails.checkURLs` replaces with Vigil's
/// rules (loopback `http://` in development; `returnToEndpoint` on this server, not the AWS console).
struct MCPRegistrationInput: Sendable {
    var input: RegisterServiceInput
    /// `serviceDetails` as sent (URL members included), for sealing.
    var serviceDetails: JSONValue
    var details: MCPServiceDetails

    /// Values that satisfy the model's URL patterns, put in place of the real URLs while the rest
    /// of the request is validated.
    static let standIns: [String: String] = [
        "endpoint": "https://mcp.example.com/", "exchangeUrl": "https://mcp.example.com/",
        "authorizationUrl": "https://mcp.example.com/", "returnToEndpoint": "https://vigil.console.aws.amazon.com/",
    ]

    /// Nil when the request is not for an MCP type (the caller binds it normally).
    static func bind(_ ctx: OperationContext) throws(APIError) -> MCPRegistrationInput? {
        guard let type = ctx.request.pathLabels["service"], MCPServiceDetails.types.contains(type) else { return nil }
        guard case .object(var root) = try ctx.jsonBody(),
              case .object(let details)? = root["serviceDetails"],
              case .object(var member)? = details[type] else {
            return nil  // Missing or mismatched members: the model validator reports them.
        }
        var originals: [String: String] = [:]
        var authMember: String?
        swapURLs(in: &member, originals: &originals, prefix: "")
        if case .object(var config)? = member["authorizationConfig"], config.count == 1, let (name, value) = config.first,
           case .object(var inner) = value {
            swapURLs(in: &inner, originals: &originals, prefix: "\(name).")
            config[name] = .object(inner)
            member["authorizationConfig"] = .object(config)
            authMember = name
        }
        var patched = details
        patched[type] = .object(member)
        root["serviceDetails"] = .object(patched)
        var request = ctx.request
        request.body = JSONWriter.write(.object(root))
        let input: RegisterServiceInput
        do {
            input = try RequestBinder.decode(RegisterServiceInput.self, for: ctx.operation, from: request)
        } catch {
            throw APIError.validation(error.message, fields: error.fieldList.map { APIError.Field(path: $0.path, message: $0.message) })
        }
        // Put the real URLs back into the validated form.
        guard case .object(var validated) = input.serviceDetails.toJSON(), case .object(var body)? = validated[type] else {
            throw APIError.invalidField("serviceDetails", "Exactly one member of the union must be set")
        }
        for (key, value) in originals where !key.contains(".") { body[key] = .string(value) }
        if let authMember, case .object(var config)? = body["authorizationConfig"], case .object(var inner)? = config[authMember] {
            for (key, value) in originals where key.hasPrefix("\(authMember).") {
                inner[String(key.dropFirst(authMember.count + 1))] = .string(value)
            }
            config[authMember] = .object(inner)
            body["authorizationConfig"] = .object(config)
        }
        validated[type] = .object(body)
        let parsed = try MCPServiceDetails.parse(type: type, body: .object(body))
        return MCPRegistrationInput(input: input, serviceDetails: .object(validated), details: parsed)
    }

    private static func swapURLs(in object: inout [String: JSONValue], originals: inout [String: String], prefix: String) {
        for (field, standIn) in standIns {
            if case .string(let value)? = object[field] {
                originals[prefix + field] = value
                object[field] = .string(standIn)
            }
        }
    }
}
