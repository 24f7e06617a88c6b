using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SocketLint.Connections;

namespace SocketLint.Rules;

/// <summary>
/// SL0002: a failed send (ECONNRESET, EPIPE) swallowed: a catch around a send on a connection that neither closes it,
/// throws, nor leaves; or a send whose <c>out SocketError</c> is never read.
/// </summary>
public static class SL0002SendFailureIgnoredRule
{
    /// <summary>Diagnostic property: <see cref="CatchKind"/> or <see cref="ErrorCodeKind"/>.</summary>
    public const string KindProperty = "Kind";

    public const string CatchKind = "Catch";
    public const string ErrorCodeKind = "ErrorCode";

    /// <summary>Diagnostic property: the expression that names the connection, for the fix to close (absent when it has none).</summary>
    public const string ConnectionProperty = "Connection";

    /// <summary>Diagnostic property: the member that closes it (Close for a Socket, Dispose otherwise).</summary>
    public const string CloseMemberProperty = "CloseMember";

    internal static void AnalyzeTry(OperationAnalysisContext context, ConnectionApi api)
    {
        var tryOperation = (ITryOperation)context.Operation;
        // A try being typed (a syntax error inside) is not judged until it parses.
        if (context.IsGeneratedCode || tryOperation.Catches.IsEmpty || tryOperation.Syntax.ContainsDiagnostics || !SendFailureAnalysis.MaySend(tryOperation, api))
            return;

        var aliases = FlowGraphs.AliasesAround(tryOperation, api);
        var sends = SendFailureAnalysis.SendsIn(tryOperation, api, aliases);
        if (sends.Count == 0)
            return;

        ConnectionCloses? closes = null;
        foreach (var catchClause in tryOperation.Catches)
        {
            var reaching = SendFailureAnalysis.SendsReaching(tryOperation, catchClause, sends);
            if (reaching.Count == 0)
                continue;
            closes ??= new ConnectionCloses(api, aliases, api.CloseMethods.Configured(tryOperation.Syntax.SyntaxTree, context.Options), captures: null, wrappersClose: true);
            if (SendFailureAnalysis.Handles(tryOperation, catchClause, reaching, closes))
                continue;

            var send = reaching[0];
            var named = Named(send, tryOperation);
            var location = catchClause.Syntax is CatchClauseSyntax syntax
                ? Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.CatchKeyword.SpanStart, ((SyntaxNode?)syntax.Filter ?? syntax.Declaration)?.Span.End ?? syntax.CatchKeyword.Span.End))
                : catchClause.Syntax.GetLocation();
            context.ReportOutsideGeneratedCode(Diagnostic.Create(
                Descriptors.SL0002SendFailureIgnored,
                location,
                Properties(CatchKind, send, named, api),
                "This catch swallows the failure of a send",
                NameOf(send, named)));
        }
    }

    /// <summary>A call, whose method's <paramref name="name"/> the caller has read: a send that may report a <c>SocketError</c> instead of throwing.</summary>
    internal static void AnalyzeErrorCode(in OperationAnalysisContext context, IInvocationOperation invocation, string name, ConnectionApi api)
    {
        if (context.IsGeneratedCode || !api.ReportsErrorInsteadOfThrowing(invocation.TargetMethod, name) || invocation.Instance is not { } instance || invocation.Syntax.ContainsDiagnostics)
            return;

        IArgumentOperation? errorArgument = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { RefKind: RefKind.Out } parameter && SymbolEqualityComparer.Default.Equals(parameter.Type, api.Symbols.SocketError))
                errorArgument = argument;
        }

        if (errorArgument is null || !IsIgnored(errorArgument.Value))
            return;

        var aliases = FlowGraphs.AliasesAround(invocation, api);
        var connection = aliases.RootOf(instance);
        if (connection is not null && (aliases.OriginOf(connection) & ConnectionOrigin.Datagram) != 0)
            return;

        var send = new GuardedSend(invocation, instance, connection, api.Symbols.SocketException ?? (ITypeSymbol)api.Symbols.Socket);
        var named = Named(send, tryOperation: null);
        context.ReportOutsideGeneratedCode(Diagnostic.Create(
            Descriptors.SL0002SendFailureIgnored,
            invocation.Syntax.GetLocation(),
            Properties(ErrorCodeKind, send, named, api),
            "The SocketError of this send is never read",
            NameOf(send, named)));
    }

    /// <summary>The error code goes nowhere: a discard, or a local that nothing reads (compares, switches on, passes on, returns).</summary>
    private static bool IsIgnored(IOperation value)
    {
        switch (value)
        {
            case IDiscardOperation:
            case IDeclarationExpressionOperation { Expression: IDiscardOperation }:
                return true;
            case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared }:
                return !IsRead(declared);
            case ILocalReferenceOperation local:
                return !IsRead(local);
            default:
                // A field, a parameter, an element: the value escapes and whoever gets it decides.
                return false;
        }
    }

    private static bool IsRead(ILocalReferenceOperation written)
    {
        var root = (IOperation)written;
        while (root.Parent is { } parent)
            root = parent;

        foreach (var operation in OperationWalk.Descendants(root))
        {
            if (operation is not ILocalReferenceOperation reference
                || !SymbolEqualityComparer.Default.Equals(reference.Local, written.Local)
                || reference == written)
            {
                continue;
            }

            var isWrite = reference.Parent switch
            {
                ISimpleAssignmentOperation assignment => assignment.Target == reference,
                IArgumentOperation { Parameter.RefKind: RefKind.Out } => true,
                IDeclarationExpressionOperation => true,
                _ => false,
            };
            if (!isWrite)
                return true;
        }

        return false;
    }

    /// <param name="named">What the report names (<see cref="Named"/>).</param>
    private static ImmutableDictionary<string, string?> Properties(string kind, GuardedSend send, ISymbol? named, ConnectionApi api)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind);
        var (name, type) = named switch
        {
            ILocalSymbol local => (local.Name, local.Type),
            IParameterSymbol parameter => (parameter.Name, parameter.Type),
            IFieldSymbol field => (field.Name, field.Type),
            IPropertySymbol property => (property.Name, property.Type),
            null when IsPlainPath(send.Target) => (send.Target.Syntax.ToString(), send.Target.Type),
            // clients[i].GetStream().Write(data, 0, n): the stream of a client no symbol names, closed with its client.
            null when Values.Unwrap(send.Target, throughAwait: false) is IInvocationOperation { TargetMethod.Name: "GetStream", Arguments.IsEmpty: true, Instance: { } client }
                && api.IsIn(client.Type, TypeFamily.TcpClient) && IsPlainPath(client) => (client.Syntax.ToString(), client.Type),
            _ => ((string?)null, (ITypeSymbol?)null),
        };
        if (name is null || type is null)
            return properties;

        // An object of the project whose method sent on its connection (subscriber.Push(update)): closed by its own
        // Dispose or Close, which the rule takes as a close of what the send was reached through.
        if (named is null && ClosingMethodOf(type) is { } closing)
            return properties.Add(ConnectionProperty, name).Add(CloseMemberProperty, closing);

        // A writer that stands for the connection (made over its stream, which it closes with itself) is closed by name too:
        // one of this body (named), or another object's, by the path the send took (client.Writer). So is a Stream field
        // that its type sets only to a connection's stream (named: the send was taken as one on it).
        if (!(api.IsConnectionType(type) || api.IsIn(type, TypeFamily.Writer) || (named is IFieldSymbol or IPropertySymbol && api.MayBeConnection(type))))
            return properties;
        return properties
            .Add(ConnectionProperty, name)
            .Add(CloseMemberProperty, KnownSymbols.DerivesFrom(type, api.Symbols.Socket) ? "Close" : "Dispose");
    }

    private static readonly string[] ClosingNames = { "Dispose", "Close" };

    /// <summary>The parameterless <c>Dispose</c> or <c>Close</c> that a class of the project declares for others to call, or null.</summary>
    private static string? ClosingMethodOf(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class, DeclaringSyntaxReferences.IsEmpty: false } declared)
            return null;
        foreach (var name in ClosingNames)
        {
            foreach (var member in declared.GetMembers(name))
            {
                if (member is IMethodSymbol { IsStatic: false, Parameters.IsEmpty: true, TypeParameters.IsEmpty: true, DeclaredAccessibility: Accessibility.Public or Accessibility.Internal })
                    return name;
            }
        }

        return null;
    }

    /// <summary>
    /// An expression a fix can repeat without side effects: names, member accesses, and indexes by a name or a literal
    /// (<c>clients[i]</c>, <c>_players[i].Socket</c>).
    /// </summary>
    private static bool IsPlainPath(IOperation operation) => operation.Syntax is IdentifierNameSyntax or MemberAccessExpressionSyntax or ElementAccessExpressionSyntax
        && IsPlainSyntax((ExpressionSyntax)operation.Syntax);

    private static bool IsPlainSyntax(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax or ThisExpressionSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => IsPlainSyntax(access.Expression),
        ElementAccessExpressionSyntax element => IsPlainSyntax(element.Expression)
            && element.ArgumentList.Arguments.Count == 1
            && element.ArgumentList.Arguments[0].Expression is IdentifierNameSyntax or LiteralExpressionSyntax,
        _ => false,
    };

    private static string NameOf(GuardedSend send, ISymbol? named) => named?.Name ?? send.Target.Syntax.ToString();

    /// <summary>
    /// The symbol a report names and a fix closes: the connection; but the variable the send went through where it holds
    /// the connection as it was when the send ran, and the connection may name another by the time of the close:
    /// <list type="bullet">
    /// <item>a field or property of the type set from a parameter in the same body (<c>_upstream = upstream;</c> or
    /// <c>Conn = socket;</c>, then <c>_upstream.Send(ping)</c> in a timer's callback): once a failover sets it again, the
    /// parameter is the old connection;</item>
    /// <item>a local copy of a field or property (<c>var up = _upstream; up.Send(data)</c>), declared outside the try
    /// (in scope at its catch): once a reconnect sets the field again, the field is the new, healthy connection.</item>
    /// </list>
    /// </summary>
    private static ISymbol? Named(GuardedSend send, ITryOperation? tryOperation)
    {
        var target = send.Target;
        while (target is IConversionOperation { IsImplicit: true } conversion)
            target = conversion.Operand;
        switch (send.Connection, target)
        {
            // A member of this object (ConnectionAliases.SymbolOf names no other object's).
            case (IParameterSymbol parameter, IFieldReferenceOperation or IPropertyReferenceOperation)
                when ConnectionAliases.SymbolOf(target) is { Kind: SymbolKind.Field or SymbolKind.Property } member && SymbolEqualityComparer.Default.Equals(ConnectionAliases.TypeOf(member), parameter.Type):
                return member;
            case (IFieldSymbol or IPropertySymbol, ILocalReferenceOperation { Local: var local })
                when SymbolEqualityComparer.Default.Equals(local.Type, ConnectionAliases.TypeOf(send.Connection))
                    && (tryOperation is null || local.DeclaringSyntaxReferences.IsEmpty || !tryOperation.Body.Syntax.Span.Contains(local.DeclaringSyntaxReferences[0].Span)):
                return local;
            default:
                return send.Connection;
        }
    }
}
