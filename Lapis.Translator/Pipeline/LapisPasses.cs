using Lapis.Native.Passes;
using Lapis.Translator.Passes;

namespace Lapis.Translator.Pipeline;

/// <summary>Every C# pass, by pipeline name, for <c>lapis opt</c> and the translation pipelines.</summary>
public static class LapisPasses
{
    public static PassRegistry Registry { get; } = new PassRegistry()
        .Register(() => new NormalizeParallelLoopsPass())
        .Register(() => new KokkosLoopMappingPass())
        .Register(() => new TeamLevelVariantsPass())
        .Register(() => new HoistInvariantKernelsPass())
        .Register(() => new DeviceScalarsPass())
        .Register(() => new AssignMemorySpacesPass())
        .Register(() => new PlanMemoryPass())
        .Register(() => new ScalarBuffersToAllocaPass())
        .Register(() => new ParallelizeReductionsPass())
        .Register(() => new PromoteAccumulatorsPass())
        .Register(() => new ReadOnlyArgumentsPass())
        .Register(() => new HoistParallelLoopsPass())
        .Register(() => new RecordSparseSignaturesPass())
        .Register(() => new SparseParallelSafetyPass())
        .Register(() => new TileContractionsPass())
        .Register(() => new LibraryContractionsPass())
        .Register(() => new TileConvolutionsPass())
        .Register(() => new TileWindowsPass())
        .Register(() => new ScalarizeVectorElementwisePass())
        .Register(() => new ExplicitSparseConversionsPass());
}
