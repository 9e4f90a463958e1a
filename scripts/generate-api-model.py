#!/usr/bin/env python3
"""Generate the Swift model of the AWS DevOps Agent API from its botocore service model.

Reads ``data/devops-agent/2026-01-01/service-2.json.gz`` and ``paginators-1.json`` from the
installed botocore (or the files given with ``--model`` / ``--paginators``) and writes
``Sources/VigilAPIModel/Generated/``:

  Enums.swift         one ``enum: String`` per string shape with ``enum`` values
  Structures.swift    one ``struct`` per structure that is neither a union nor an exception
  Exceptions.swift    one ``struct`` per exception shape
  Unions.swift        one ``enum`` per union (including the event-stream union)
  ServiceModel.swift  service metadata, operation and paginator tables
  ShapeTable.swift    the shape descriptor table used by the request validator
  README.md           what generated these files and how to regenerate them

The output is deterministic: the same model gives byte-identical files.

Usage: python3 scripts/generate-api-model.py [--model PATH] [--paginators PATH] [--output DIR]
Only the Python standard library is used (plus botocore to locate the model).
"""

import argparse
import gzip
import hashlib
import html
import json
import os
import re
import sys
import textwrap

SERVICE_NAME = "devops-agent"
API_VERSION = "2026-01-01"
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "Sources", "VigilAPIModel", "Generated")
REGENERATE_COMMAND = "python3 scripts/generate-api-model.py"
MAX_LINE = 120  # generated Swift lines longer than this are wrapped where the generator can

# Swift keywords that must be escaped with backticks when used as identifiers.
SWIFT_KEYWORDS = frozenset(
    """
    associatedtype class deinit enum extension fileprivate func import init inout internal let open
    operator private precedencegroup protocol public rethrows static struct subscript typealias var
    break case catch continue default defer do else fallthrough for guard if in repeat return throw
    switch where while Any as await false is nil self Self super throws true try Type Protocol
    """.split()
)

# Type names a generated shape must not take: Swift standard library, concurrency and Foundation
# types that code importing VigilAPIModel is likely to reference, and the runtime's own types.
# A shape with one of these names gets the suffix "Shape" (listed in Generated/README.md).
RESERVED_TYPE_NAMES = frozenset(
    """
    Any AnyObject Array Bool Character Clock Codable Collection Data Date Decimal Dictionary Double
    Duration Error Float Int Int32 Int64 Never Optional Protocol Range Regex Result Self Sequence Set
    String Substring Task TaskGroup TaskPriority Type UInt UUID Unicode Void
    AttributedString Bundle Calendar CharacterSet DateComponents DateInterval Expression FileManager
    Host Locale Measurement Notification NotificationCenter Operation OperationQueue Port Predicate
    Process ProcessInfo Progress RunLoop Scanner Stream Thread TimeZone Timer URL URLComponents
    URLRequest URLSession Unit
    APIEnum APIShape FieldPath JSONDecode JSONObjectReader JSONParseError JSONParser JSONValue
    JSONWriter MemberDescriptor MemberLocation OperationDescriptor PaginatorDescriptor RawRequest
    RequestBinder ServiceModel ShapeDecodingError ShapeDescriptor ShapeType TimestampFormat
    Timestamps ValidationFailure
    """.split()
)

TIMESTAMP_FORMATS = {"unixTimestamp": "epochSeconds", "iso8601": "iso8601", "rfc822": "httpDate"}
LOCATION_DEFAULT_TIMESTAMP = {"body": "epochSeconds", "querystring": "iso8601", "header": "httpDate", "uri": "iso8601"}


class ModelError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Loading


def load_inputs(model_path, paginators_path):
    """Returns (model dict, paginators dict, provenance lines for the header)."""
    botocore_version = None
    if model_path is None or paginators_path is None:
        try:
            import botocore  # noqa: PLC0415 - only needed to locate the model
        except ImportError as error:
            raise ModelError("botocore is not importable; pass --model and --paginators") from error
        botocore_version = botocore.__version__
        data_dir = os.path.join(os.path.dirname(botocore.__file__), "data", SERVICE_NAME, API_VERSION)
        if model_path is None:
            model_path = os.path.join(data_dir, "service-2.json.gz")
            if not os.path.exists(model_path):
                model_path = os.path.join(data_dir, "service-2.json")
        if paginators_path is None:
            paginators_path = os.path.join(data_dir, "paginators-1.json")
    model_bytes = read_maybe_gzip(model_path)
    paginator_bytes = read_maybe_gzip(paginators_path) if os.path.exists(paginators_path) else b'{"pagination": {}}'
    model = json.loads(model_bytes)
    paginators = json.loads(paginator_bytes)
    if botocore_version is not None:
        source = "botocore %s, data/%s/%s/service-2.json" % (botocore_version, SERVICE_NAME, API_VERSION)
    else:
        source = "--model %s" % os.path.basename(model_path)
    provenance = [
        "Source: %s" % source,
        "service-2.json sha256 (uncompressed): %s" % hashlib.sha256(model_bytes).hexdigest(),
        "paginators-1.json sha256: %s" % hashlib.sha256(paginator_bytes).hexdigest(),
    ]
    return model, paginators, provenance


def read_maybe_gzip(path):
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


# ---------------------------------------------------------------------------------------------
# Naming


def escape_identifier(name):
    return "`%s`" % name if name in SWIFT_KEYWORDS else name


def check_identifier(name, what):
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ModelError("%s %r is not a valid Swift identifier" % (what, name))


def enum_case_name(value):
    """The Swift case name of an enum value.

    Split the value on every non-alphanumeric character. If it had separators or is all
    uppercase, lowercase every word and join them in lowerCamelCase (PENDING_TRIAGE ->
    pendingTriage, pending-confirmation -> pendingConfirmation, IPV4 -> ipv4, US -> us);
    otherwise keep the value with its first letter lowercased (eventChannel, mcpserversigv4).
    A name starting with a digit gets a leading underscore; keywords get backticks.
    """
    words = [word for word in re.split(r"[^A-Za-z0-9]+", value) if word]
    if not words:
        raise ModelError("enum value %r has no alphanumeric characters" % value)
    has_separators = re.search(r"[^A-Za-z0-9]", value) is not None
    if has_separators or value.isupper():
        words = [word.lower() for word in words]
        name = words[0] + "".join(word[:1].upper() + word[1:] for word in words[1:])
    else:
        name = value[:1].lower() + value[1:]
    if name[0].isdigit():
        name = "_" + name
    return escape_identifier(name)


def swift_string(text):
    """A Swift string literal for `text` (raw `#"..."#` when it holds a backslash or quote)."""
    if any(ord(character) < 0x20 for character in text):
        escaped = "".join("\\u{%x}" % ord(c) if ord(c) < 0x20 else ("\\" + c if c in '\\"' else c) for c in text)
        return '"%s"' % escaped
    if "\\" in text or '"' in text:
        hashes = "#"
        while ('"' + hashes) in text:
            hashes += "#"
        return '%s"%s"%s' % (hashes, text, hashes)
    return '"%s"' % text


def doc_comment(documentation, indent, width=100):
    """`///` lines for an HTML documentation string (tags stripped, wrapped)."""
    if not documentation:
        return []
    text = documentation
    text = re.sub(r"<code>(.*?)</code>", lambda m: "`%s`" % re.sub(r"<[^>]+>", "", m.group(1)), text, flags=re.S)
    text = re.sub(r"<li>", "\n\n- ", text)
    text = re.sub(r"</?(p|ul|ol|br|note|important)\s*/?>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    paragraphs = [re.sub(r"\s+", " ", paragraph).strip() for paragraph in re.split(r"\n\s*\n", text)]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    prefix = " " * indent + "/// "
    lines = []
    for paragraph in paragraphs:
        if lines:
            lines.append(" " * indent + "///")
        hanging = "  " if paragraph.startswith("- ") else ""
        wrapped = textwrap.wrap(
            paragraph, width=max(40, width - len(prefix)), subsequent_indent=hanging,
            break_long_words=False, break_on_hyphens=False,
        )
        lines.extend((prefix + line).rstrip() for line in wrapped)
    return lines


# ---------------------------------------------------------------------------------------------
# Model


class Model:
    def __init__(self, model, paginators):
        self.metadata = model["metadata"]
        self.operations = model["operations"]
        self.shapes = model["shapes"]
        self.paginators = paginators.get("pagination", {})
        self.type_names = {}
        self.renames = {}
        for name, shape in sorted(self.shapes.items()):
            if self.is_generated_type(shape):
                check_identifier(name, "shape name")
                swift_name = name + "Shape" if name in RESERVED_TYPE_NAMES else name
                if swift_name != name:
                    self.renames[name] = swift_name
                self.type_names[name] = swift_name
        taken = {}
        for name, swift_name in self.type_names.items():
            if swift_name in taken:
                raise ModelError("shapes %s and %s both map to Swift type %s" % (taken[swift_name], name, swift_name))
            taken[swift_name] = name
        self.recursive = self.find_recursive_shapes()

    @staticmethod
    def is_generated_type(shape):
        if shape["type"] == "structure":
            return not shape.get("document")
        return shape["type"] == "string" and "enum" in shape

    def kind(self, name):
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "structure":
            if shape.get("document"):
                return "document"
            if shape.get("union") or shape.get("eventstream"):
                return "union"
            if shape.get("exception"):
                return "exception"
            return "structure"
        if kind == "string" and "enum" in shape:
            return "enum"
        return kind

    def children(self, name):
        shape = self.shapes[name]
        if shape["type"] == "structure":
            return [member["shape"] for member in shape.get("members", {}).values()]
        if shape["type"] == "list":
            return [shape["member"]["shape"]]
        if shape["type"] == "map":
            return [shape["key"]["shape"], shape["value"]["shape"]]
        return []

    def find_recursive_shapes(self):
        recursive = set()
        for start in self.shapes:
            stack, seen = list(self.children(start)), set()
            while stack:
                current = stack.pop()
                if current == start:
                    recursive.add(start)
                    break
                if current not in seen:
                    seen.add(current)
                    stack.extend(self.children(current))
        for name in sorted(recursive):
            kind = self.kind(name)
            if kind in ("structure", "exception"):
                # Structs cannot contain themselves except through arrays and dictionaries; reject
                # direct recursion rather than generate code that does not compile.
                if self.direct_struct_cycle(name):
                    raise ModelError("structure %s is directly recursive; add boxing to the generator" % name)
        return recursive

    def direct_struct_cycle(self, start):
        stack, seen = [start], set()
        while stack:
            current = stack.pop()
            for member in self.shapes[current].get("members", {}).values():
                target = member["shape"]
                if self.kind(target) not in ("structure", "exception"):
                    continue
                if target == start:
                    return True
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return False

    def swift_type(self, name):
        kind = self.kind(name)
        if kind in ("structure", "exception", "union", "enum"):
            return self.type_names[name]
        shape = self.shapes[name]
        simple = {
            "string": "String", "integer": "Int", "long": "Int64", "double": "Double", "float": "Double",
            "boolean": "Bool", "timestamp": "Date", "document": "JSONValue",
        }
        if kind in simple:
            return simple[kind]
        if kind == "list":
            return "[%s]" % self.swift_type(shape["member"]["shape"])
        if kind == "map":
            return "[String: %s]" % self.swift_type(shape["value"]["shape"])
        raise ModelError("shape %s has unsupported type %s" % (name, kind))

    def decoder(self, name):
        """A Swift expression of type `(JSONValue) throws(ShapeDecodingError) -> T`."""
        body = self.decoder_closure_body(name)
        if body is None:
            return self.decoder_reference(name)
        return "{ value throws(ShapeDecodingError) in %s }" % body

    def decoder_closure_body(self, name):
        """For lists and maps, the body of a decoding closure over `value`; otherwise None."""
        kind = self.kind(name)
        shape = self.shapes[name]
        if kind == "list":
            return "try JSONDecode.list(value, %s)" % self.decoder(shape["member"]["shape"])
        if kind == "map":
            return "try JSONDecode.map(value, %s)" % self.decoder(shape["value"]["shape"])
        return None

    def decoder_reference(self, name):
        """A function reference decoding a non-collection shape."""
        kind = self.kind(name)
        if kind in ("structure", "exception", "union", "enum"):
            return "%s.init(json:)" % self.type_names[name]
        simple = {
            "string": "JSONDecode.string", "integer": "JSONDecode.integer", "long": "JSONDecode.long",
            "double": "JSONDecode.double", "float": "JSONDecode.double", "boolean": "JSONDecode.boolean",
            "timestamp": "JSONDecode.timestamp", "document": "JSONDecode.document",
        }
        if kind in simple:
            return simple[kind]
        raise ModelError("shape %s has unsupported type %s" % (name, kind))

    def timestamp_format(self, member, target, location="body"):
        if "timestampFormat" in member:
            return TIMESTAMP_FORMATS[member["timestampFormat"]]
        if "timestampFormat" in self.shapes[target]:
            return TIMESTAMP_FORMATS[self.shapes[target]["timestampFormat"]]
        return LOCATION_DEFAULT_TIMESTAMP[location]

    def encoder(self, name, expression, member=None, depth=0):
        """A Swift expression of type JSONValue encoding `expression` (of the shape's Swift type)."""
        kind = self.kind(name)
        shape = self.shapes[name]
        if kind in ("structure", "exception", "union"):
            return "%s.toJSON()" % expression
        if kind == "enum":
            return ".string(%s.rawValue)" % expression
        if kind == "string":
            return ".string(%s)" % expression
        if kind == "integer":
            return ".int(Int64(%s))" % expression
        if kind == "long":
            return ".int(%s)" % expression
        if kind in ("double", "float"):
            return ".double(%s)" % expression
        if kind == "boolean":
            return ".bool(%s)" % expression
        if kind == "document":
            return expression
        if kind == "timestamp":
            return "Timestamps.json(%s, format: .%s)" % (expression, self.timestamp_format(member or {}, name))
        variable = "element" if depth == 0 else "element%d" % depth
        if kind == "list":
            inner = self.encoder(shape["member"]["shape"], variable, shape["member"], depth + 1)
            if inner == variable:
                return ".array(%s)" % expression
            return ".array(%s.map { %s in %s })" % (expression, variable, inner)
        if kind == "map":
            inner = self.encoder(shape["value"]["shape"], variable, shape["value"], depth + 1)
            if inner == variable:
                return ".object(%s)" % expression
            return ".object(%s.mapValues { %s in %s })" % (expression, variable, inner)
        raise ModelError("shape %s has unsupported type %s" % (name, kind))

    def members(self, name):
        """(member name, member dict, required) in model order."""
        shape = self.shapes[name]
        required = set(shape.get("required", []))
        result = []
        for member_name, member in shape.get("members", {}).items():
            check_identifier(member_name, "member name of %s" % name)
            result.append((member_name, member, member_name in required))
        unknown = required - set(shape.get("members", {}))
        if unknown:
            raise ModelError("%s requires unknown members %s" % (name, sorted(unknown)))
        return result

    @staticmethod
    def json_key(member_name, member):
        if member.get("location", "body") == "body" and "locationName" in member:
            return member["locationName"]
        return member_name


# ---------------------------------------------------------------------------------------------
# Swift emitters


def file_header(provenance, summary):
    lines = [
        "// Generated by scripts/generate-api-model.py from the botocore model of %s %s. DO NOT EDIT."
        % (SERVICE_NAME, API_VERSION),
    ]
    lines += ["// %s" % line for line in provenance]
    lines += [
        "// Regenerate with: %s" % REGENERATE_COMMAND,
        "//",
        "// %s" % summary,
        "",
    ]
    return lines


def emit_enum(model, name):
    shape = model.shapes[name]
    swift_name = model.type_names[name]
    lines = doc_comment(shape.get("documentation"), 0)
    lines.append("public enum %s: String, Sendable, CaseIterable, Equatable, APIEnum {" % swift_name)
    seen = {}
    for value in shape["enum"]:
        case = enum_case_name(value)
        if case in seen:
            raise ModelError("enum %s: values %r and %r both map to case %s" % (name, seen[case], value, case))
        seen[case] = value
        lines.append("    case %s = %s" % (case, swift_string(value)))
    lines.append("")
    lines.append("    public static let shapeName = %s" % swift_string(name))
    lines.append("}")
    return lines


def emit_structure(model, name):
    shape = model.shapes[name]
    swift_name = model.type_names[name]
    members = model.members(name)
    lines = doc_comment(shape.get("documentation"), 0)
    lines.append("public struct %s: APIShape, Equatable {" % swift_name)
    lines.append("    public static let shapeName = %s" % swift_string(name))
    for member_name, member, required in members:
        lines.append("")
        lines += doc_comment(member.get("documentation"), 4)
        swift_type = model.swift_type(member["shape"])
        lines.append("    public var %s: %s%s" % (escape_identifier(member_name), swift_type, "" if required else "?"))
    lines.append("")

    # Memberwise initializer.
    if members:
        lines.append("    public init(")
        parameters = []
        for member_name, member, required in members:
            swift_type = model.swift_type(member["shape"])
            if required:
                parameters.append("        %s: %s" % (escape_identifier(member_name), swift_type))
            else:
                parameters.append("        %s: %s? = nil" % (escape_identifier(member_name), swift_type))
        lines.append(",\n".join(parameters))
        lines.append("    ) {")
        for member_name, _, _ in members:
            identifier = escape_identifier(member_name)
            lines.append("        self.%s = %s" % (identifier, identifier))
        lines.append("    }")
    else:
        lines.append("    public init() {}")
    lines.append("")

    # Decoding.
    lines.append("    public init(json: JSONValue) throws(ShapeDecodingError) {")
    if members:
        lines.append("        let reader = try JSONObjectReader(json)")
        for member_name, member, required in members:
            call = "self.%s = try reader.%s(%s" % (
                escape_identifier(member_name),
                "required" if required else "optional",
                swift_string(model.json_key(member_name, member)),
            )
            body = model.decoder_closure_body(member["shape"])
            if body is None:
                line = "        %s, %s)" % (call, model.decoder_reference(member["shape"]))
                if len(line) <= MAX_LINE:
                    lines.append(line)
                else:
                    head, key = call.rsplit("(", 1)
                    lines.append("        %s(" % head)
                    lines.append("            %s, %s" % (key, model.decoder_reference(member["shape"])))
                    lines.append("        )")
            else:
                lines.append("        %s) { value throws(ShapeDecodingError) in" % call)
                lines.append("            %s" % body)
                lines.append("        }")
    else:
        lines.append("        _ = try JSONObjectReader(json)")
    lines.append("    }")
    lines.append("")

    # Encoding.
    lines.append("    public func toJSON() -> JSONValue {")
    if members:
        lines.append("        var fields: [String: JSONValue] = [:]")
        lines.append("        fields.reserveCapacity(%d)" % len(members))
        for member_name, member, required in members:
            key = swift_string(model.json_key(member_name, member))
            identifier = escape_identifier(member_name)
            if required:
                encoded = model.encoder(member["shape"], "self.%s" % identifier, member)
                lines.append("        fields[%s] = %s" % (key, encoded))
            else:
                encoded = model.encoder(member["shape"], "value", member)
                line = "        if let value = self.%s { fields[%s] = %s }" % (identifier, key, encoded)
                if len(line) <= MAX_LINE:
                    lines.append(line)
                else:
                    lines.append("        if let value = self.%s {" % identifier)
                    lines.append("            fields[%s] = %s" % (key, encoded))
                    lines.append("        }")
        lines.append("        return .object(fields)")
    else:
        lines.append("        .object([:])")
    lines.append("    }")
    lines.append("}")
    return lines


def emit_union(model, name):
    shape = model.shapes[name]
    swift_name = model.type_names[name]
    members = model.members(name)
    if not members:
        raise ModelError("union %s has no members" % name)
    indirect = "indirect " if name in model.recursive else ""
    lines = doc_comment(shape.get("documentation"), 0)
    if shape.get("eventstream"):
        if lines:
            lines.append("///")
        lines.append("/// Event-stream union: each case is one event; the event type is ``memberName`` and the")
        lines.append("/// event payload is ``memberJSON()``.")
    lines.append("public %senum %s: APIShape, Equatable {" % (indirect, swift_name))
    for index, (member_name, member, _) in enumerate(members):
        if index:
            lines.append("")
        lines += doc_comment(member.get("documentation"), 4)
        lines.append("    case %s(%s)" % (escape_identifier(member_name), model.swift_type(member["shape"])))
    lines.append("")
    lines.append("    public static let shapeName = %s" % swift_string(name))
    lines.append("")
    lines.append("    /// The JSON names of the members, in model order.")
    lines += wrapped_list(
        "    public static let memberNames: [String] = ", [swift_string(model.json_key(n, m)) for n, m, _ in members], "", 4
    )
    lines.append("")
    lines.append("    public init(json: JSONValue) throws(ShapeDecodingError) {")
    lines.append("        let reader = try JSONObjectReader(json)")
    lines.append("        let member = try reader.unionMember(Self.memberNames)")
    lines.append("        switch member.name {")
    for member_name, member, _ in members:
        lines.append("        case %s:" % swift_string(model.json_key(member_name, member)))
        body = model.decoder_closure_body(member["shape"])
        if body is None:
            lines.append(
                "            self = .%s(try member.decode(%s))"
                % (escape_identifier(member_name), model.decoder_reference(member["shape"]))
            )
        else:
            lines.append(
                "            self = .%s(try member.decode { value throws(ShapeDecodingError) in"
                % escape_identifier(member_name)
            )
            lines.append("                %s" % body)
            lines.append("            })")
    lines.append("        default:")
    lines.append('            throw ShapeDecodingError(path: member.name, message: "Unknown union member")')
    lines.append("        }")
    lines.append("    }")
    lines.append("")
    lines.append("    /// The JSON name of the member that is set.")
    lines.append("    public var memberName: String {")
    lines.append("        switch self {")
    for member_name, member, _ in members:
        lines.append("        case .%s: %s" % (escape_identifier(member_name), swift_string(model.json_key(member_name, member))))
    lines.append("        }")
    lines.append("    }")
    lines.append("")
    lines.append("    /// The JSON of the value of the member that is set, without the enclosing object.")
    lines.append("    public func memberJSON() -> JSONValue {")
    lines.append("        switch self {")
    for member_name, member, _ in members:
        lines.append(
            "        case .%s(let value): %s"
            % (escape_identifier(member_name), model.encoder(member["shape"], "value", member))
        )
    lines.append("        }")
    lines.append("    }")
    lines.append("")
    lines.append("    public func toJSON() -> JSONValue {")
    lines.append("        .object([memberName: memberJSON()])")
    lines.append("    }")
    lines.append("}")
    return lines


def join_blocks(header, blocks, imports=()):
    lines = list(header)
    for module in imports:
        lines.append("import %s" % module)
    if imports:
        lines.append("")
    for index, block in enumerate(blocks):
        if index:
            lines.append("")
        lines += block
    return "\n".join(lines) + "\n"


def descriptor_arguments(pairs):
    return ", ".join("%s: %s" % (label, value) for label, value in pairs)


def wrapped_call(callee, pairs, indent, suffix):
    """`callee(label: value, ...)suffix` on one line, or one argument per line when too long."""
    pad = " " * indent
    line = "%s%s(%s)%s" % (pad, callee, descriptor_arguments(pairs), suffix)
    if len(line) <= MAX_LINE:
        return [line]
    lines = ["%s%s(" % (pad, callee)]
    for index, (label, value) in enumerate(pairs):
        lines.append("%s    %s: %s%s" % (pad, label, value, "," if index < len(pairs) - 1 else ""))
    lines.append("%s)%s" % (pad, suffix))
    return lines


def wrapped_list(prefix, items, suffix, indent):
    """`prefix[a, b]suffix` on one line, or one element per line when too long."""
    line = "%s[%s]%s" % (prefix, ", ".join(items), suffix)
    if len(line) <= MAX_LINE:
        return [line]
    pad = " " * indent
    return ["%s[" % prefix] + ["%s    %s," % (pad, item) for item in items] + ["%s]%s" % (pad, suffix)]


def emit_shape_descriptor(model, name):
    shape = model.shapes[name]
    kind = shape["type"]
    if kind == "structure" and shape.get("document"):
        kind = "document"
    arguments = [("name", swift_string(name)), ("type", "." + kind)]
    members = []
    if shape["type"] == "structure":
        for member_name, member, required in model.members(name):
            location = member.get("location", "body")
            if location not in ("uri", "querystring", "header", "headers", "body"):
                raise ModelError("member %s.%s has unsupported location %s" % (name, member_name, location))
            fields = [("name", swift_string(member_name)), ("target", swift_string(member["shape"]))]
            if location != "body":
                fields.append(("location", "." + location))
            if "locationName" in member:
                fields.append(("locationName", swift_string(member["locationName"])))
            if required:
                fields.append(("required", "true"))
            if member.get("idempotencyToken"):
                fields.append(("idempotencyToken", "true"))
            if model.shapes[member["shape"]]["type"] == "timestamp":
                fields.append(("timestampFormat", "." + model.timestamp_format(member, member["shape"], location)))
            if member.get("deprecated"):
                fields.append(("deprecated", "true"))
            members += wrapped_call("MemberDescriptor", fields, 16, ",")
    for trait in ("min", "max"):
        if trait in shape:
            value = shape[trait]
            if not isinstance(value, int) or isinstance(value, bool):
                raise ModelError("shape %s has non-integer %s %r" % (name, trait, value))
            arguments.append((trait, str(value)))
    if "pattern" in shape:
        arguments.append(("pattern", swift_string(shape["pattern"])))
    if "enum" in shape:
        arguments.append(("enumValues", "[%s]" % ", ".join(swift_string(v) for v in shape["enum"])))
    if shape.get("union") or shape.get("eventstream"):
        arguments.append(("isUnion", "true"))
    if shape.get("sensitive"):
        arguments.append(("isSensitive", "true"))
    if shape.get("eventstream"):
        arguments.append(("isEventStream", "true"))
    if shape.get("event"):
        arguments.append(("isEvent", "true"))
    if shape.get("exception"):
        arguments.append(("isException", "true"))
    if shape.get("fault"):
        arguments.append(("isFault", "true"))
    if "error" in shape and "httpStatusCode" in shape["error"]:
        arguments.append(("errorHTTPStatus", str(shape["error"]["httpStatusCode"])))
    if "timestampFormat" in shape:
        arguments.append(("timestampFormat", "." + TIMESTAMP_FORMATS[shape["timestampFormat"]]))
    if "payload" in shape:
        arguments.append(("payloadMember", swift_string(shape["payload"])))
    if shape["type"] == "list":
        arguments.append(("listMember", swift_string(shape["member"]["shape"])))
    if shape["type"] == "map":
        arguments.append(("mapKey", swift_string(shape["key"]["shape"])))
        arguments.append(("mapValue", swift_string(shape["value"]["shape"])))
    if not members:
        return wrapped_call("shapes[%s] = ShapeDescriptor" % swift_string(name), arguments, 8, "")
    # Multi-line form, arguments in declaration order: name, type, members, then the rest.
    lines = ["        shapes[%s] = ShapeDescriptor(" % swift_string(name)]
    lines += ["            %s: %s," % pair for pair in arguments[:2]]
    lines.append("            members: [")
    lines += members
    rest = arguments[2:]
    lines.append("            ]" + ("," if rest else ""))
    lines += [
        "            %s: %s%s" % (label, value, "," if index < len(rest) - 1 else "")
        for index, (label, value) in enumerate(rest)
    ]
    lines.append("        )")
    return lines


def emit_operations(model):
    lines = ["    public static let operations: [OperationDescriptor] = ["]
    for name in sorted(model.operations):
        operation = model.operations[name]
        http = operation["http"]
        input_shape = operation.get("input", {}).get("shape")
        output_shape = operation.get("output", {}).get("shape")
        event_stream = False
        if output_shape:
            for member in model.shapes[output_shape].get("members", {}).values():
                if model.shapes[member["shape"]].get("eventstream"):
                    event_stream = True
        host_prefix = operation.get("endpoint", {}).get("hostPrefix")
        errors = [error["shape"] for error in operation.get("errors", [])]
        lines += [
            "        OperationDescriptor(",
            "            name: %s," % swift_string(name),
            "            httpMethod: %s," % swift_string(http["method"]),
            "            requestURI: %s," % swift_string(http["requestUri"]),
            "            successCode: %d," % http.get("responseCode", 200),
            "            inputShape: %s," % (swift_string(input_shape) if input_shape else "nil"),
            "            outputShape: %s," % (swift_string(output_shape) if output_shape else "nil"),
            "            hostPrefix: %s," % (swift_string(host_prefix) if host_prefix else "nil"),
            "            idempotent: %s," % ("true" if operation.get("idempotent") else "false"),
            "            readOnly: %s," % ("true" if operation.get("readonly") else "false"),
            "            outputIsEventStream: %s," % ("true" if event_stream else "false"),
        ]
        lines += wrapped_list("            errors: ", [swift_string(e) for e in errors], "", 12)
        lines += [
            "        ),",
        ]
    lines.append("    ]")
    return lines


def emit_paginators(model):
    if not model.paginators:
        return ["    public static let paginators: [String: PaginatorDescriptor] = [:]"]
    lines = ["    public static let paginators: [String: PaginatorDescriptor] = ["]
    for name in sorted(model.paginators):
        paginator = model.paginators[name]
        for key in ("input_token", "output_token", "result_key"):
            if not isinstance(paginator.get(key), str):
                raise ModelError("paginator %s: %s must be a single string" % (name, key))
        limit_key = paginator.get("limit_key")
        lines += [
            "        %s: PaginatorDescriptor(" % swift_string(name),
            "            operation: %s," % swift_string(name),
            "            inputToken: %s," % swift_string(paginator["input_token"]),
            "            outputToken: %s," % swift_string(paginator["output_token"]),
            "            limitKey: %s," % (swift_string(limit_key) if limit_key else "nil"),
            "            resultKey: %s" % swift_string(paginator["result_key"]),
            "        ),",
        ]
    lines.append("    ]")
    return lines


def generate(model, provenance):
    """Returns {file name: contents}."""
    files = {}
    by_kind = {"enum": [], "structure": [], "exception": [], "union": []}
    for name in sorted(model.type_names):
        by_kind[model.kind(name)].append(name)

    files["Enums.swift"] = join_blocks(
        file_header(provenance, "String enums of the model: one case per value (naming rule in README.md)."),
        [emit_enum(model, name) for name in by_kind["enum"]],
    )
    files["Structures.swift"] = join_blocks(
        file_header(provenance, "Structures of the model (inputs, outputs and nested types), excluding errors and unions."),
        [emit_structure(model, name) for name in by_kind["structure"]],
        imports=("Foundation",),
    )
    files["Exceptions.swift"] = join_blocks(
        file_header(provenance, "Error shapes of the model. HTTP status and fault are in ServiceModel.shapes."),
        [emit_structure(model, name) for name in by_kind["exception"]],
        imports=("Foundation",),
    )
    files["Unions.swift"] = join_blocks(
        file_header(provenance, "Unions of the model: JSON form is an object with exactly one member set."),
        [emit_union(model, name) for name in by_kind["union"]],
        imports=("Foundation",),
    )

    metadata = model.metadata
    service_lines = [
        "/// The service model: metadata, operations, shapes and paginators of %s %s."
        % (SERVICE_NAME, API_VERSION),
        "public enum ServiceModel {",
        "    public static let serviceId = %s" % swift_string(metadata.get("serviceId", "")),
        "    public static let serviceFullName = %s" % swift_string(metadata.get("serviceFullName", "")),
        "    public static let apiVersion = %s" % swift_string(metadata.get("apiVersion", "")),
        "    public static let endpointPrefix = %s" % swift_string(metadata.get("endpointPrefix", "")),
        "    public static let signingName = %s" % swift_string(metadata.get("signingName", "")),
        "    public static let protocolName = %s" % swift_string(metadata.get("protocol", "")),
        "",
        "    /// Every operation, sorted by name.",
    ]
    service_lines += emit_operations(model)
    service_lines += [
        "",
        "    private static let operationsByName: [String: OperationDescriptor] = Dictionary(",
        "        uniqueKeysWithValues: operations.map { ($0.name, $0) }",
        "    )",
        "",
        "    /// The operation called `name` (for example `CreateBacklogTask`).",
        "    public static func operation(named name: String) -> OperationDescriptor? {",
        "        operationsByName[name]",
        "    }",
        "",
        "    /// Paginators from `paginators-1.json`, by operation name.",
    ]
    service_lines += emit_paginators(model)
    service_lines += [
        "",
        "    /// Every shape of the model, by name (%d shapes)." % len(model.shapes),
        "    public static let shapes: [String: ShapeDescriptor] = makeShapeTable()",
        "",
        "    /// The shape called `name`.",
        "    public static func shape(named name: String) -> ShapeDescriptor? {",
        "        shapes[name]",
        "    }",
        "}",
    ]
    files["ServiceModel.swift"] = join_blocks(
        file_header(provenance, "Operation and paginator tables; the shape table is in ShapeTable.swift."),
        [service_lines],
    )

    table = [
        "extension ServiceModel {",
        "    static func makeShapeTable() -> [String: ShapeDescriptor] {",
        "        var shapes: [String: ShapeDescriptor] = [:]",
        "        shapes.reserveCapacity(%d)" % len(model.shapes),
    ]
    for name in sorted(model.shapes):
        table += emit_shape_descriptor(model, name)
    table += ["        return shapes", "    }", "}"]
    files["ShapeTable.swift"] = join_blocks(
        file_header(provenance, "Shape descriptors read by RequestBinder (validation) and ServiceModel.redact."),
        [table],
    )
    files["README.md"] = emit_readme(model, provenance, by_kind)
    return files


def emit_readme(model, provenance, by_kind):
    lines = [
        "# Generated API model",
        "",
        "Everything in this directory is generated by `scripts/generate-api-model.py` from the botocore",
        "service model of `%s` %s. Do not edit these files; change the generator and regenerate:" % (SERVICE_NAME, API_VERSION),
        "",
        "```sh",
        REGENERATE_COMMAND,
        "```",
        "",
        "Options: `--model PATH` (service-2.json or .json.gz) and `--paginators PATH` instead of the",
        "installed botocore's files, `--output DIR` instead of this directory. The output is",
        "deterministic; `VigilAPIModelTests` checks that regenerating gives byte-identical files.",
        "",
    ]
    lines += ["- %s" % line for line in provenance]
    lines += [
        "",
        "## Files",
        "",
        "| File | Contents |",
        "|---|---|",
        "| `Enums.swift` | %d string enums |" % len(by_kind["enum"]),
        "| `Structures.swift` | %d structures |" % len(by_kind["structure"]),
        "| `Exceptions.swift` | %d error structures |" % len(by_kind["exception"]),
        "| `Unions.swift` | %d unions (including the event-stream union) |" % len(by_kind["union"]),
        "| `ServiceModel.swift` | metadata, %d operations, %d paginators |" % (len(model.operations), len(model.paginators)),
        "| `ShapeTable.swift` | %d shape descriptors |" % len(model.shapes),
        "",
        "## Conventions",
        "",
        "- Structure -> `public struct <Shape>: APIShape, Equatable`; members are `public var` with the",
        "  model's names (Swift keywords in backticks), optional unless required, and a memberwise",
        "  `init` in model order whose optional parameters default to `nil`.",
        "- Union -> `public enum <Shape>: APIShape, Equatable`, one case per member carrying its value.",
        "- Enum string -> `public enum <Shape>: String, Sendable, CaseIterable, Equatable, APIEnum`.",
        "- string -> `String`, integer -> `Int`, long -> `Int64`, double -> `Double`, boolean -> `Bool`,",
        "  timestamp -> `Date`, document -> `JSONValue`, list -> `[T]`, map -> `[String: T]`. Named",
        "  scalar shapes (for example `AgentSpaceId`) are not separate types.",
        "- Enum case names: split the value on every non-alphanumeric character; if it had separators or",
        "  is all uppercase, lowercase every word and join them in lowerCamelCase (`PENDING_TRIAGE` ->",
        "  `pendingTriage`, `pending-confirmation` -> `pendingConfirmation`, `IPV4` -> `ipv4`, `US` ->",
        "  `us`); otherwise keep the value with its first letter lowercased (`eventChannel`,",
        "  `mcpserversigv4`). A leading digit gets `_`; keywords get backticks.",
        "- Timestamps are written in the member's format (member trait, else target shape trait, else",
        "  epoch seconds) and read from either an epoch-seconds number or an ISO 8601 string.",
        "",
        "## Renamed shapes",
        "",
        "Shapes whose name is a Swift, Foundation or runtime type name get the suffix `Shape`:",
        "",
    ]
    if model.renames:
        lines += ["| Model shape | Swift type |", "|---|---|"]
        lines += ["| `%s` | `%s` |" % (name, swift_name) for name, swift_name in sorted(model.renames.items())]
    else:
        lines.append("(none)")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------


def main(argv):
    parser = argparse.ArgumentParser(description="Generate Sources/VigilAPIModel/Generated from the botocore model.")
    parser.add_argument("--model", help="service-2.json or service-2.json.gz (default: installed botocore's)")
    parser.add_argument("--paginators", help="paginators-1.json (default: next to --model, else botocore's)")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help="output directory (default: %(default)s)")
    arguments = parser.parse_args(argv)
    paginators = arguments.paginators
    if arguments.model and not paginators:
        candidate = os.path.join(os.path.dirname(os.path.abspath(arguments.model)), "paginators-1.json")
        if os.path.exists(candidate):
            paginators = candidate
    try:
        raw_model, raw_paginators, provenance = load_inputs(arguments.model, paginators)
        model = Model(raw_model, raw_paginators)
        files = generate(model, provenance)
    except ModelError as error:
        print("generate-api-model: %s" % error, file=sys.stderr)
        return 1
    os.makedirs(arguments.output, exist_ok=True)
    for stale in sorted(os.listdir(arguments.output)):
        if stale.endswith(".swift") and stale not in files:
            os.remove(os.path.join(arguments.output, stale))
    for file_name, contents in sorted(files.items()):
        with open(os.path.join(arguments.output, file_name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(contents)
    print("generate-api-model: wrote %d files to %s" % (len(files), os.path.relpath(arguments.output)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
