using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SocketLint.Tests.Verifiers;

/// <summary>
/// The one place for shared test setup: .NET 8 reference assemblies (the oldest framework the package
/// supports with every async socket API), latest C#, markup-only expectations.
/// <c>VerifyCodeFixAsync</c> also runs Fix All at document, project and solution scope.
/// </summary>
/// <remarks>
/// The analyzer is the one the package ships, with every rule switched off but the ones <typeparamref name="TCodeFix"/>
/// fixes (as <c>dotnet_diagnostic.SLxxxx.severity = none</c> would): a rule's tests see its findings alone.
/// </remarks>
public static class CSharpVerifier<TCodeFix>
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<SocketLintAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task VerifyTopLevelAnalyzerAsync(string source)
    {
        var test = new Test { TestCode = source };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    public static Task VerifyCodeFixAsync(string source, string fixedSource, string? equivalenceKey = null, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        test.TestState.OutputKind = outputKind;
        return test.RunAsync();
    }

    /// <summary>No fix is offered for any diagnostic in <paramref name="source"/>.</summary>
    public static Task VerifyNoCodeFixAsync(string source)
    {
        var test = new Test { TestCode = source, FixedCode = source };
        return test.RunAsync();
    }

    public sealed class Test : CSharpCodeFixTest<SocketLintAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
            TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
            var fixedIds = new TCodeFix().FixableDiagnosticIds;
            DisabledDiagnostics.AddRange(new SocketLintAnalyzer().SupportedDiagnostics.Select(d => d.Id).Where(id => !fixedIds.Contains(id)));
        }

        /// <summary>Markup without an ID (<c>[|...|]</c>) is the rule under test.</summary>
        protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers)
        {
            var fixedIds = new TCodeFix().FixableDiagnosticIds;
            return analyzers.SelectMany(a => a.SupportedDiagnostics).Single(d => fixedIds.Contains(d.Id));
        }

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
    }
}
