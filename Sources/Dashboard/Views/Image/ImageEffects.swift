import MLflowCore

extension EffectRunner {
    /// Performs the image room's store work.
    func performImage(_ effect: ImageEffect) {
        switch effect {}
    }
}
