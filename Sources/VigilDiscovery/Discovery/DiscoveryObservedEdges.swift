import VigilTopology

/// The X-Ray reader is the observed-edge source of AWS discoveries.
extension XRayServiceGraphReader: ObservedEdgeSource {}
