using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketLint.Connections;

/// <summary>
/// What a call does to a connection, asked of one body's aliases: of the operation tree, or of a control flow
/// graph's operations when its flow captures are given.
/// </summary>
internal sealed class ConnectionCloses
{
    private readonly ConnectionApi _api;
    private readonly ConnectionAliases _aliases;
    private readonly ImmutableHashSet<IMethodSymbol> _configuredCloseMethods;
    private readonly IReadOnlyDictionary<CaptureId, IOperation>? _captures;

    /// <summary>Whether closing a reader or writer over the connection closes it (SL0001, SL0002); SL0003 counts only the connection's own closes.</summary>
    private readonly bool _wrappersClose;

    public ConnectionCloses(ConnectionApi api, ConnectionAliases aliases, ImmutableHashSet<IMethodSymbol> configuredCloseMethods, IReadOnlyDictionary<CaptureId, IOperation>? captures, bool wrappersClose = false)
    {
        _wrappersClose = wrappersClose;
        _api = api;
        _aliases = aliases;
        _configuredCloseMethods = configuredCloseMethods;
        _captures = captures;
    }

    public ConnectionApi Api => _api;

    public ConnectionAliases Aliases => _aliases;

    public ISymbol? RootOf(IOperation? operation) => _aliases.RootOf(operation, _captures);

    public ConnectionMemberKind Classify(IInvocationOperation invocation)
    {
        var kind = _api.Classify(invocation.TargetMethod, out var needsConnectionReceiver);

        // ns.ReadAtLeast(header, 4, throwOnEndOfStream: false): a receive, its count short (then 0) at the peer's close.
        if (kind == ConnectionMemberKind.None && _api.ReadsAtLeastUntilTheEnd(invocation, invocation.TargetMethod.Name))
            (kind, needsConnectionReceiver) = (ConnectionMemberKind.Receive, true);
        if (kind != ConnectionMemberKind.None && needsConnectionReceiver && !_aliases.IsConnection(invocation.Instance, _captures))
            return ConnectionMemberKind.None;
        return kind;
    }

    /// <summary>Whether <paramref name="invocation"/> closes <paramref name="connection"/>, directly or by a call that closes it.</summary>
    public bool Closes(IInvocationOperation invocation, ISymbol connection) =>
        IsDirectClose(invocation, connection) || IsClosingCall(invocation, connection);

    /// <summary>A closing member (Close, Dispose, Shutdown, Disconnect) called on the connection.</summary>
    public bool IsDirectClose(IInvocationOperation invocation, ISymbol connection) =>
        (Classify(invocation) == ConnectionMemberKind.Close && IsRoot(invocation.Instance, connection) && _aliases.ClosesThrough(invocation.Instance, _captures))
        || (_wrappersClose && invocation.TargetMethod.Name is "Close" or "Dispose" or "DisposeAsync"
            && SymbolEqualityComparer.Default.Equals(_aliases.ConnectionClosedThrough(invocation.Instance, _captures), connection));

    /// <summary>A call that closes the connection passed to it: a method of the compilation that closes its parameter, or a configured close method.</summary>
    public bool IsClosingCall(IInvocationOperation invocation, ISymbol connection)
    {
        var method = invocation.TargetMethod;

        // Asked of nearly every call on the paths the rules walk, and most projects configure no close method: an empty
        // set is answered without hashing the method (a set hashes what it is asked for before it looks at its size).
        var configured = _configuredCloseMethods.Count > 0 && _configuredCloseMethods.Contains(method.OriginalDefinition);
        if (configured && IsRoot(invocation.Instance, connection))
            return true;
        if (!configured && method.DeclaringSyntaxReferences.IsEmpty)
            return false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter
                && IsRoot(argument.Value, connection)
                && (configured || _api.CloseMethods.ClosesParameter(method, parameter.Ordinal)))
            {
                return true;
            }
        }

        // Disconnect(id): a method of this object that takes the entry at id out of a collection of it and closes it,
        // where this body put the connection there at that key, or enumerates it from there with that key.
        return invocation.Instance is null or IInstanceReferenceOperation
            && _api.CloseMethods.ClosedEntry(method) is { } entry
            && KeyPassed(invocation, entry.Key) is { } key
            && IsEntryAt(entry.Collection, key, connection);
    }

    private static IOperation? KeyPassed(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
                return Values.Unwrap(argument.Value, throughAwait: false);
        }

        return null;
    }

    /// <summary>
    /// Whether the body stores <paramref name="connection"/> in the collection member named <paramref name="collection"/>
    /// at <paramref name="key"/> (<c>_clients[id] = client;</c>, <c>_clients.TryAdd(id, client)</c>), or enumerates it from
    /// there with that key as its own (<c>foreach (var (id, c) in _clients)</c>).
    /// </summary>
    private bool IsEntryAt(string collection, IOperation key, ISymbol connection)
    {
        foreach (var operation in OperationWalk.Descendants(_aliases.Root))
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } stored
                    when IsMemberNamed(indexer.Instance, collection) && SyntaxFactory.AreEquivalent(Values.Unwrap(indexer.Arguments[0].Value, throughAwait: false)?.Syntax, key.Syntax)
                        && IsRoot(stored.Value, connection):
                    return true;
                case IInvocationOperation { TargetMethod.Name: "TryAdd" or "Add", Arguments.Length: 2 } added
                    when IsMemberNamed(added.Instance, collection) && SyntaxFactory.AreEquivalent(Values.Unwrap(added.Arguments[0].Value, throughAwait: false)?.Syntax, key.Syntax)
                        && IsRoot(added.Arguments[1].Value, connection):
                    return true;
                case IForEachLoopOperation loop when IsMemberNamed(loop.Collection, collection)
                    && loop.Syntax is ForEachVariableStatementSyntax { Variable: DeclarationExpressionSyntax { Designation: ParenthesizedVariableDesignationSyntax { Variables: { Count: 2 } pair } } }
                    && pair[0] is SingleVariableDesignationSyntax keyName && pair[1] is SingleVariableDesignationSyntax valueName
                    && key is ILocalReferenceOperation { Local: var keyLocal } && keyLocal.Name == keyName.Identifier.ValueText
                    && connection is ILocalSymbol { Name: var valueLocal } && valueLocal == valueName.Identifier.ValueText
                    && System.Linq.Enumerable.Contains(loop.Locals, keyLocal, SymbolEqualityComparer.Default)
                    && System.Linq.Enumerable.Contains(loop.Locals, connection, SymbolEqualityComparer.Default):
                    return true;
            }
        }

        return false;

        static bool IsMemberNamed(IOperation? operation, string name) =>
            Values.Unwrap(operation, throughAwait: false) is IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol, Instance: null or IInstanceReferenceOperation } member
            && member.Member.Name == name;
    }

    /// <summary>
    /// Whether a using's resources (<c>using (client)</c>, <c>using var stream = client.GetStream()</c>) dispose
    /// <paramref name="connection"/> at the using's end.
    /// </summary>
    public bool Disposes(IOperation resources, ISymbol connection)
    {
        if (resources is not IVariableDeclarationGroupOperation group)
        {
            return (IsRoot(resources, connection) && _aliases.ClosesThrough(resources, _captures))
                || (_wrappersClose && SymbolEqualityComparer.Default.Equals(_aliases.ConnectionClosedThrough(resources, _captures), connection));
        }

        foreach (var declaration in group.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                if (SymbolEqualityComparer.Default.Equals(_aliases.RootOf(declarator.Symbol), connection) && !_aliases.IsNonOwning(declarator.Symbol))
                    return true;
                if (_wrappersClose && SymbolEqualityComparer.Default.Equals(_aliases.ConnectionClosedThrough(declarator.Symbol, _captures), connection))
                    return true;
            }
        }

        return false;
    }

    private bool IsRoot(IOperation? operation, ISymbol connection) =>
        SymbolEqualityComparer.Default.Equals(RootOf(operation), connection);
}
