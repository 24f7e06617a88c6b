using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketLint;

/// <summary>
/// Generated code is neither analyzed nor reported, as with <see cref="GeneratedCodeAnalysisFlags.None"/>, but decided
/// by the rules from the context's <c>IsGeneratedCode</c> rather than by the driver's filter on reported diagnostics.
/// </summary>
/// <remarks>
/// With <see cref="GeneratedCodeAnalysisFlags.None"/> the driver checks each reported diagnostic's location for
/// <c>[GeneratedCode]</c>, and to do so walks every token of each file that gets a diagnostic. On a code base with
/// findings in most files that walk was a third of the four rules' cost (profiled on the benchmark's 16× code base).
/// The context already knows whether the code it hands over is generated: a generated file (by name, by an
/// <c>&lt;auto-generated&gt;</c> header, or by <c>generated_code = true</c>) or a member or type marked
/// <c>[GeneratedCode]</c>. SuppressionTests prove each of those still gets nothing.
/// </remarks>
internal static class GeneratedCode
{
    /// <summary>What every SocketLint analyzer passes to <c>ConfigureGeneratedCodeAnalysis</c>.</summary>
    public const GeneratedCodeAnalysisFlags Flags = GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics;

    /// <summary>Reports <paramref name="diagnostic"/> unless the code being analyzed is generated.</summary>
    public static void ReportOutsideGeneratedCode(this OperationAnalysisContext context, Diagnostic diagnostic)
    {
        if (!context.IsGeneratedCode)
            context.ReportDiagnostic(diagnostic);
    }

    /// <inheritdoc cref="ReportOutsideGeneratedCode(OperationAnalysisContext, Diagnostic)"/>
    public static void ReportOutsideGeneratedCode(this OperationBlockAnalysisContext context, Diagnostic diagnostic)
    {
        if (!context.IsGeneratedCode)
            context.ReportDiagnostic(diagnostic);
    }
}
