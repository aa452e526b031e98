// The dashboard's config.yaml: read, then applied to a fresh state.
import MLflowCore
import TerminalCore
@testable import Dashboard

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count), as: UTF8.self)
    let (config, _) = DashboardConfig.parse(text, source: "fuzz")
    var state = DashboardState(storeURI: "sqlite:///mlflow.db", size: Size(width: 80, height: 24), now: 1_000_000)
    config.apply(to: &state)
    return 0
}
