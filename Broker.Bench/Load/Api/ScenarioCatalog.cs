using System.Reflection;

namespace Broker.Bench.Load.Api;

/// <summary>
/// Finds the defined scenarios: every non-abstract <see cref="LoadScenario{TSession}"/> subclass in this assembly
/// with a parameterless constructor (built-in ones excepted), so adding a scenario is adding a class. Names must be unique and must not
/// hide a built-in scenario.
/// </summary>
internal static class ScenarioCatalog
{
    private static readonly Lazy<IReadOnlyList<Type>> Types = new(Discover);

    public static IReadOnlyList<string> Names => [.. Types.Value.Select(t => Create(t).Name)];

    /// <summary>A fresh instance (one per run) of the scenario called <paramref name="name"/>, or null.</summary>
    public static IDefinedScenario? Find(string name) =>
        Types.Value.Select(Create).FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<IDefinedScenario> All() => [.. Types.Value.Select(Create)];

    private static IDefinedScenario Create(Type type) => (IDefinedScenario)Activator.CreateInstance(type)!;

    private static List<Type> Discover()
    {
        var types = typeof(ScenarioCatalog).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && IsDefinedScenario(t) && t.GetConstructor(Type.EmptyTypes) is not null
                && !typeof(IBuiltInScenario).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();
        var names = types.Select(t => Create(t).Name).ToList();
        var builtIn = Enum.GetNames<Options.ScenarioKind>().Select(n => n.ToLowerInvariant());
        foreach (var clash in names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).Concat(names.Intersect(builtIn, StringComparer.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"two scenarios are called '{clash}'");
        }

        return types;
    }

    private static bool IsDefinedScenario(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(LoadScenario<>))
            {
                return true;
            }
        }

        return false;
    }
}
