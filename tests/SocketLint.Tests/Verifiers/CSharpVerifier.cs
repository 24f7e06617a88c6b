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
public static class CSharpVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

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

    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
            TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        }

        protected override ParseOptions CreateParseOptions() =>
            ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
    }
}
