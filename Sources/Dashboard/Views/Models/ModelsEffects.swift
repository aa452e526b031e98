import MLflowCore

extension EffectRunner {
    /// Performs the models room's store work.
    func performModels(_ effect: ModelsEffect) {
        switch effect {}
    }
}
