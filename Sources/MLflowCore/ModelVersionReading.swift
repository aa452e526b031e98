/// How the dashboard and the command line read a registered model's versions.
extension ModelVersion {
    /// Versions newest first: by number, highest first; any that is not a number last, by its text.
    public static func newestFirst(_ versions: [ModelVersion]) -> [ModelVersion] {
        versions.sorted { a, b in
            switch (Int(a.version), Int(b.version)) {
            case let (x?, y?): x > y
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a.version < b.version
            }
        }
    }

    /// The MLflow 3 logged model behind the version: as the store records it, else as its source
    /// (`models:/m-...`) names it (not every store keeps the id itself).
    public var loggedModelId: String? {
        if let modelId, !modelId.isEmpty { return modelId }
        if case .loggedModel(let id, _)? = try? ArtifactSource.parse(source) { return id }
        return nil
    }
}
