/// Fill colours by resource type, shared by the DOT and SVG renderings so a legend reads the same
/// in both. Known services get fixed colours; others get one from the palette chosen by a stable
/// hash of the type (the same type is always the same colour).
public enum TypePalette {
    static let known: [String: String] = [
        "AWS::Lambda::Function": "#f58536",
        "AWS::SQS::Queue": "#d6336c",
        "AWS::SNS::Topic": "#e64980",
        "AWS::RDS::DBInstance": "#3b5bdb",
        "AWS::RDS::DBCluster": "#364fc7",
        "AWS::DynamoDB::Table": "#4263eb",
        "AWS::ECS::Cluster": "#f59f00",
        "AWS::ECS::Service": "#fab005",
        "AWS::EKS::Cluster": "#e67700",
        "AWS::EC2::Instance": "#f76707",
        "AWS::EC2::SecurityGroup": "#868e96",
        "AWS::ElasticLoadBalancingV2::LoadBalancer": "#7048e8",
        "AWS::ApiGateway::RestApi": "#ae3ec9",
        "AWS::CloudFormation::Stack": "#d0ebff",
        "AWS::S3::Bucket": "#2f9e44",
        "AWS::Kinesis::Stream": "#9c36b5",
    ]
    static let fallback = ["#20c997", "#15aabf", "#94d82d", "#fcc419", "#ff8787", "#a9e34b", "#63e6be", "#74c0fc"]

    public static func colour(for type: String) -> String {
        if let colour = known[type] { return colour }
        // FNV-1a: Swift's hashValue changes between runs; the colour must not.
        var hash: UInt32 = 2_166_136_261
        for byte in type.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return fallback[Int(hash % UInt32(fallback.count))]
    }

    /// Black or white text, whichever reads better on `colour` (`#rrggbb`).
    static func textColour(on colour: String) -> String {
        let hex = colour.dropFirst()
        guard hex.count == 6, let value = UInt32(hex, radix: 16) else { return "#000000" }
        let r = Double((value >> 16) & 0xff), g = Double((value >> 8) & 0xff), b = Double(value & 0xff)
        return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? "#000000" : "#ffffff"
    }
}
