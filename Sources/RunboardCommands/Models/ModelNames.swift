import Dispatch
import MLflowClient

extension Completions {
    /// `runboard models NAME`: the registered models' names of the store the command line names,
    /// read as quickly as experiment names are (nothing when the store does not answer in time).
    static func models(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        let names = NamesBox()
        let done = DispatchSemaphore(value: 0)
        let uri = trackingURI(in: words)
        Task {
            names.set(await ExperimentNames.list(trackingURI: uri, prefix: prefix) { try await $0.registeredModels().map(\.name).sorted() })
            done.signal()
        }
        done.wait()
        return names.get()
    }
}
