import MLflowCore

extension EffectRunner {
    /// Performs the artifacts room's store work.
    func performArtifacts(_ effect: ArtifactsEffect) {
        switch effect {}
    }
}
