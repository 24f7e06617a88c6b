using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketLint.Tests.Conventions;

/// <summary>The repository the tests run in, and every analyzer and fix SocketLint ships.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = Instances<DiagnosticAnalyzer>(typeof(Descriptors).Assembly);

    public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = Instances<CodeFixProvider>(typeof(SocketLint.CodeFixes.Rules.SL0004BlockingSocketCallInAsyncCodeFix).Assembly);

    public static ImmutableArray<DiagnosticDescriptor> Descriptors { get; } = Analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id)
        .Select(g => g.First())
        .OrderBy(d => d.Id)
        .ToImmutableArray();

    /// <summary><paramref name="compilation"/> with every rule off but <paramref name="id"/>, as <c>dotnet_diagnostic.*.severity = none</c> would do.</summary>
    public static Compilation WithOnlyRule(Compilation compilation, string id) => compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
        compilation.Options.SpecificDiagnosticOptions.SetItems(Descriptors.Where(d => d.Id != id).Select(d => KeyValuePair.Create(d.Id, ReportDiagnostic.Suppress)))));

    private static ImmutableArray<T> Instances<T>(Assembly assembly) => assembly.GetTypes()
        .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract && t.IsPublic)
        .Select(t => (T)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SocketLint.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("SocketLint.sln not found above " + AppContext.BaseDirectory);
    }
}
