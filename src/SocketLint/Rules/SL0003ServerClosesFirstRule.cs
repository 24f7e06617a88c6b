using System.Collections.Generic;
using System.Collections.Concurrent;
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
/// SL0003: an accepted (server-side) connection closed on a normal path before the peer's close was seen,
/// reported once per connection at the first operation that closes it.
/// </summary>
public static class SL0003ServerClosesFirstRule
{
    /// <summary>Diagnostic property: the name of the local that holds the accepted connection.</summary>
    public const string ConnectionProperty = "Connection";

    /// <summary>Diagnostic property: present when the close is the end of a using.</summary>
    public const string UsingProperty = "Using";

    /// <param name="positions">Where the file's text says "Accept", in order.</param>
    internal static void AnalyzeBlock(OperationBlockAnalysisContext context, ConnectionApi api, AcceptSites sites, int[] positions)
    {
        if (context.IsGeneratedCode || positions.Length == 0)
            return;

        foreach (var block in context.OperationBlocks)
        {
            // The full span (trivia included) is two fields of the node; the span without trivia is worked out from its
            // first and last tokens. A position in trivia (a comment saying "Accept") finds no call.
            var span = block.Syntax.FullSpan;
            IInvocationOperation? previous = null;
            for (var i = WordPositions.FirstAtOrAfter(positions, span.Start); i < positions.Length && positions[i] < span.End; i++)
            {
                if (AcceptSites.CallAt(block, positions[i]) is not { } invocation)
                {
                    if (AcceptedSocketReadAt(block, positions[i], api) is { } completed)
                        AnalyzeAccept(context, completed, api);
                    continue;
                }

                if (invocation == previous)
                    continue;
                previous = invocation;
                if (api.Classify(invocation.TargetMethod, out _) == ConnectionMemberKind.Accept)
                    AnalyzeAccept(context, invocation, api);
            }
        }

        // A file that accepts may serve each connection in a method of its own: Handle(client), called from the loop.
        AnalyzeHandler(context, api, sites);
    }

    /// <summary>
    /// A read of a <c>SocketAsyncEventArgs</c>' <c>AcceptSocket</c> at <paramref name="position"/> (<c>Socket s =
    /// e.AcceptSocket;</c> in an accept's completion): the connection the accept completed with, accepted there as by
    /// <c>EndAccept</c>. Not a write (<c>e.AcceptSocket = null;</c> before the args are reused).
    /// </summary>
    private static IOperation? AcceptedSocketReadAt(IOperation block, int position, ConnectionApi api)
    {
        if (NamedAt.Find(block, position, OperationKind.PropertyReference) is not IPropertyReferenceOperation { Property.Name: "AcceptSocket" } read
            || !SymbolEqualityComparer.Default.Equals(read.Property.ContainingType, api.Symbols.SocketAsyncEventArgs))
        {
            return null;
        }

        var value = Values.Outermost(read, throughAwait: false, out _);
        return value.Parent is IAssignmentOperation assignment && assignment.Target == value ? null : read;
    }

    /// <summary>
    /// A method that serves a connection given as a parameter (it sends or receives on it, then closes it), when a call
    /// in the same file hands it an accepted connection: <c>Task.Run(() => Handle(client))</c>, <c>_ = ServeAsync(socket)</c>.
    /// The method is walked from its start, as if it had accepted the connection, and the finding lands at its close.
    /// </summary>
    /// <remarks>
    /// Only a call from a body that never reads the connection itself (it might have seen the peer's close first), and
    /// only a method that reads the connection: a helper that only closes it, or writes and closes (<c>Disconnect(client)</c>,
    /// <c>Reply(stream, answer)</c>), is a close at its call, where the caller's paths say whether the peer had closed.
    /// </remarks>
    private static void AnalyzeHandler(OperationBlockAnalysisContext context, ConnectionApi api, AcceptSites sites)
    {
        IBlockOperation? body = null;
        foreach (var block in context.OperationBlocks)
            body ??= block as IBlockOperation;
        if (body is null)
            return;

        if (context.OwningSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method || body.Syntax.ContainsDiagnostics)
            return;

        // First what the declaration allows, read from its syntax, which the compiler has just bound (the symbols cost
        // more to reach, their first read after the compiler's work a wait on memory each). A field handler is an instance
        // method of a class with a constructor that takes parameters (primary or not); a parameter handler takes a
        // connection, and a state handler one object. Most methods of a file that accepts are neither.
        var declaration = body.Syntax.Parent as MethodDeclarationSyntax;
        var mayReadHandlerFields = !method.IsStatic && (declaration is null || sites.MayReadHandlerFields(declaration));
        var mayBeHandedIn = declaration is null || MayTakeConnectionOrState(declaration.ParameterList);
        if (!mayReadHandlerFields && !mayBeHandedIn)
            return;

        // Then whether the body may close a connection: a word of its own text (see MayClose), unless
        // the project names closing methods of its own.
        var closeMethods = api.CloseMethods.Configured(body.Syntax.SyntaxTree, context.Options);
        if (closeMethods.IsEmpty && !MayClose(body.Syntax, context.CancellationToken))
            return;

        // A field handler's class holds an accepted connection (asked once per class). A parameter or state handler is
        // named in the file outside its declaration, where it is called or started. The search of the file's text for
        // the name comes before the parameters' symbols in a file of usual length; in a longer one, searched once per
        // method, it would cost with the square of the file's length: there only the methods that take a connection or a
        // state search it (in MentionsOf), as before.
        var fields = mayReadHandlerFields ? FieldHandlerFields(method, body, api, sites, context.CancellationToken) : System.Array.Empty<ISymbol>();
        mayBeHandedIn = mayBeHandedIn && (declaration is null || MayBeNamedElsewhere(declaration, context.CancellationToken));

        // Parameters is made afresh (the compiler's symbols wrapped) on each read: read once, and only when needed.
        var parameters = mayBeHandedIn ? method.Parameters : ImmutableArray<IParameterSymbol>.Empty;
        var takesConnection = false;
        foreach (var parameter in parameters)
            takesConnection |= parameter.RefKind == RefKind.None && api.IsConnectionType(parameter.Type);
        if (fields.Length == 0 && !takesConnection && !IsStateHandlerShape(parameters))
            return;

        AnalyzeFieldHandler(context, api, method, body, closeMethods, fields);
        if (parameters.IsEmpty)
            return;

        foreach (var parameter in parameters)
        {
            if (parameter.RefKind != RefKind.None || !api.IsConnectionType(parameter.Type))
                continue;

            // Most methods given a connection are not handed an accepted one in their file, and most that are do not
            // close it; the body's aliases are built last. A helper that closes its parameter without reading it is a
            // close where it is called, decided there on the caller's paths (Reply(client.GetStream(), answer) after
            // the peer's close is no finding).
            // A call that accepts in its argument (Greet(listener.AcceptTcpClient())) leaves the caller no connection to
            // decide on: the helper is walked all the same.
            if (IsHandedAnAcceptedConnection(method, parameter, body, api, context.CancellationToken, out var acceptedInTheCall)
                && (acceptedInTheCall || !api.CloseMethods.ClosesParameter(method, parameter.Ordinal)))
            {
                AnalyzeServedFromStart(context, api, body, closeMethods, parameter, ServerCloseAnalysis.DoesIo);
            }
        }

        AnalyzeStateHandler(context, api, method, parameters, body, closeMethods);
    }

    /// <summary>What a body that may close a connection says somewhere: a close, a dispose, a using, a shutdown or a disconnect.</summary>
    private static readonly string[] CloseWords = { "Close", "Dispose", "using", "Shutdown", "Disconnect" };

    /// <summary>
    /// Whether the text of <paramref name="body"/> holds one of the words a closing body says (ordinal, whole within
    /// its span; a helper of yours that closes is named so too, as CloseClient). Only the body is searched, and only
    /// for a method whose declaration lets it be a handler: a search of the whole file, once per file, read every
    /// method's text, where most methods of a file that accepts are no handler by their declaration.
    /// </summary>
    internal static bool MayClose(SyntaxNode body, System.Threading.CancellationToken cancellationToken) =>
        TextSearch.ContainsAny(body, CloseWords, cancellationToken);

    /// <summary>Whether <paramref name="type"/>, as declared here, has a constructor with parameters, primary or not.</summary>
    private static bool TakesConstructorParameters(TypeDeclarationSyntax type) =>
        DeclaresConstructorWithParameters(type) || type.ParameterList is { Parameters.Count: > 0 };

    /// <summary>
    /// The fields and primary-constructor parameters that hold an accepted connection (see <see cref="FindHandlerFields"/>)
    /// when <paramref name="method"/> is an instance method of their class; empty otherwise.
    /// </summary>
    private static ISymbol[] FieldHandlerFields(IMethodSymbol method, IBlockOperation body, ConnectionApi api, AcceptSites sites, System.Threading.CancellationToken cancellationToken) =>
        method.ContainingType is not { TypeKind: TypeKind.Class } containing || body.SemanticModel is not { } model
            ? System.Array.Empty<ISymbol>()
            : sites.HandlerFieldsOf(containing, model, api, cancellationToken);

    /// <summary>
    /// Whether the file's text may name the method of <paramref name="declaration"/> outside it; true unread past
    /// <see cref="NameSearchedFileLength"/>.
    /// </summary>
    private static bool MayBeNamedElsewhere(MethodDeclarationSyntax declaration, System.Threading.CancellationToken cancellationToken)
    {
        var text = declaration.SyntaxTree.GetText(cancellationToken);
        return text.Length > NameSearchedFileLength || TextSearch.ContainsOutside(text, declaration.Identifier.ValueText, declaration.Span);
    }

    /// <summary>
    /// The longest file whose text each method's handler check searches for the method's name (16,384 characters, some
    /// 400 lines): the search reads the whole file when the name is not there.
    /// </summary>
    private const int NameSearchedFileLength = 16 * 1024;

    /// <summary>Whether <paramref name="type"/> declares an instance constructor that takes parameters (see <see cref="ParameterSetting"/>).</summary>
    private static bool DeclaresConstructorWithParameters(TypeDeclarationSyntax type)
    {
        foreach (var member in type.Members)
        {
            if (member is ConstructorDeclarationSyntax { ParameterList.Parameters.Count: > 0 } constructor && !constructor.Modifiers.Any(SyntaxKind.StaticKeyword))
                return true;
        }

        return false;
    }

    /// <summary>
    /// Whether a parameter's type, as written, may be a connection type or object (a state): anything but a predefined
    /// type other than object (int, string...), an array, a pointer or a tuple. A name may be anything (a class of yours
    /// derived from TcpClient, an alias).
    /// </summary>
    private static bool MayTakeConnectionOrState(ParameterListSyntax parameters)
    {
        foreach (var parameter in parameters.Parameters)
        {
            if (MayNameConnectionOrObject(parameter.Type))
                return true;
        }

        return false;
    }

    private static bool MayNameConnectionOrObject(TypeSyntax? type) => type switch
    {
        null => true,
        PredefinedTypeSyntax predefined => predefined.Keyword.IsKind(SyntaxKind.ObjectKeyword),
        NullableTypeSyntax nullable => MayNameConnectionOrObject(nullable.ElementType),
        ArrayTypeSyntax or PointerTypeSyntax or FunctionPointerTypeSyntax or TupleTypeSyntax => false,
        _ => true,
    };

    /// <summary>
    /// A method of a handler class that holds the connection in a field its constructor sets from a parameter
    /// (<c>_client = client;</c>), when the file makes one from an accepted connection it never reads
    /// (<c>new EchoHandler(listener.AcceptTcpClient()).Run()</c>): walked from its start with the field as the connection,
    /// as a handler method is. Only a method the class does not call itself: one it calls may run after another of its
    /// methods has seen the client's close.
    /// </summary>
    private static void AnalyzeFieldHandler(OperationBlockAnalysisContext context, ConnectionApi api, IMethodSymbol method, IBlockOperation body, ImmutableHashSet<IMethodSymbol> closeMethods, ISymbol[] fields)
    {
        if (fields.Length == 0)
            return;

        var tree = body.Syntax.SyntaxTree;
        if (IsCalledWithin(method, method.ContainingType.DeclaringSyntaxReferences[0], tree, context.CancellationToken))
            return;
        foreach (var field in fields)
            AnalyzeServedFromStart(context, api, body, closeMethods, field, ServerCloseAnalysis.DoesIo);
    }

    /// <summary>
    /// The fields of a class declared once, in <paramref name="model"/>'s file, that hold an accepted connection: of a
    /// connection's type, set by a constructor from a parameter, and given an accepted connection the caller never
    /// reads by a <c>new</c> of the class in the file; and the parameters of its primary constructor given one so.
    /// </summary>
    private static ISymbol[] FindHandlerFields(INamedTypeSymbol type, SemanticModel model, ConnectionApi api, System.Threading.CancellationToken cancellationToken)
    {
        var tree = model.SyntaxTree;
        if (type.DeclaringSyntaxReferences is not { Length: 1 } declarations || declarations[0].SyntaxTree != tree)
            return System.Array.Empty<ISymbol>();

        List<ISymbol>? fields = null;
        foreach (var member in type.GetMembers())
        {
            if (member is not IFieldSymbol { IsStatic: false } field || !api.IsConnectionType(field.Type))
                continue;
            foreach (var constructor in type.InstanceConstructors)
            {
                if (ParameterSetting(constructor, field, tree, cancellationToken) is { } ordinal
                    && IsConstructedWithAnAcceptedConnection(constructor, ordinal, type, tree, model, api, cancellationToken))
                {
                    (fields ??= new List<ISymbol>()).Add(field);
                    break;
                }
            }
        }

        // class Handler(TcpClient client) { ... }: a primary constructor's parameter, which the members read as they
        // would a field it set.
        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaringSyntaxReferences is not { Length: 1 } primary || primary[0].GetSyntax(cancellationToken) is not TypeDeclarationSyntax)
                continue;
            foreach (var parameter in constructor.Parameters)
            {
                if (parameter.RefKind == RefKind.None && api.IsConnectionType(parameter.Type)
                    && IsConstructedWithAnAcceptedConnection(constructor, parameter.Ordinal, type, tree, model, api, cancellationToken))
                {
                    (fields ??= new List<ISymbol>()).Add(parameter);
                }
            }
        }

        return fields?.ToArray() ?? System.Array.Empty<ISymbol>();
    }

    /// <summary>
    /// Whether a member of the class (its declaration, at <paramref name="declaration"/>) names <paramref name="method"/> on
    /// its own instance (<c>RunAsync()</c>, <c>this.RunAsync()</c>, a delegate of it): then that member serves the connection
    /// first. A call on another instance (<c>new Session(await l.AcceptTcpClientAsync(ct)).RunAsync(ct)</c> in a static
    /// accept loop of the same class) starts the handler, as one from outside the class does.
    /// </summary>
    private static bool IsCalledWithin(IMethodSymbol method, SyntaxReference declaration, SyntaxTree tree, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var mention in MentionsOf(method, tree, cancellationToken))
        {
            if (declaration.Span.Contains(mention.Span) && mention is not MemberAccessExpressionSyntax { Expression: not ThisExpressionSyntax })
                return true;
        }

        return false;
    }

    /// <summary>The ordinal of the parameter <paramref name="constructor"/> sets <paramref name="field"/> from (<c>_client = client;</c>, <c>this._client = client;</c>).</summary>
    private static int? ParameterSetting(IMethodSymbol constructor, IFieldSymbol field, SyntaxTree tree, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in constructor.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != tree || reference.GetSyntax(cancellationToken) is not ConstructorDeclarationSyntax syntax)
                continue;
            foreach (var assignment in syntax.DescendantNodes())
            {
                if (assignment is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Right: IdentifierNameSyntax source } set)
                    continue;
                var target = set.Left switch
                {
                    IdentifierNameSyntax name => name.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name } => name.Identifier.ValueText,
                    _ => null,
                };
                if (target != field.Name)
                    continue;
                foreach (var parameter in constructor.Parameters)
                {
                    if (parameter.Name == source.Identifier.ValueText && parameter.RefKind == RefKind.None)
                        return parameter.Ordinal;
                }
            }
        }

        return null;
    }

    /// <summary>Whether a <c>new</c> of <paramref name="type"/> in the file passes, through <paramref name="constructor"/>'s parameter <paramref name="ordinal"/>, an accepted connection its body never reads.</summary>
    private static bool IsConstructedWithAnAcceptedConnection(IMethodSymbol constructor, int ordinal, INamedTypeSymbol type, SyntaxTree tree, SemanticModel model,
        ConnectionApi api, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var named in MentionsOf(type.Name, ImmutableArray<SyntaxReference>.Empty, tree, cancellationToken))
        {
            if (named is not IdentifierNameSyntax { Parent: ObjectCreationExpressionSyntax creationSyntax } name || creationSyntax.Type != name
                || model.GetOperation(creationSyntax, cancellationToken) is not IObjectCreationOperation creation
                || !SymbolEqualityComparer.Default.Equals(creation.Constructor, constructor))
            {
                continue;
            }

            foreach (var argument in creation.Arguments)
            {
                // new Handler(listener.AcceptTcpClient()), or a local the body accepted into and never reads.
                if (argument.Parameter?.Ordinal == ordinal && IsAcceptedAndUnread(argument.Value, api))
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A method started with an accepted connection as its state: <c>ThreadPool.QueueUserWorkItem(Serve, client)</c>,
    /// <c>new Thread(Serve).Start(client)</c>, where <c>Serve(object state)</c> casts its state to the connection
    /// (<c>var client = (TcpClient)state;</c>) and uses it for more than closing it. Walked from its start as a handler
    /// method is, the cast local as the connection.
    /// </summary>
    /// <remarks>
    /// A state handler that only replies and closes is reported at its close: its start is no close, so, unlike a
    /// closing helper called with the connection, nothing would be reported where it is started.
    /// </remarks>
    private static void AnalyzeStateHandler(OperationBlockAnalysisContext context, ConnectionApi api, IMethodSymbol method, ImmutableArray<IParameterSymbol> parameters, IBlockOperation body, ImmutableHashSet<IMethodSymbol> closeMethods)
    {
        if (!IsStateHandlerShape(parameters) || CastFromState(body, parameters[0], api) is not { } connection)
            return;

        if (IsStartedWithAnAcceptedConnection(method, api, body.Syntax.SyntaxTree, body.SemanticModel, context.CancellationToken))
            AnalyzeServedFromStart(context, api, body, closeMethods, connection, ServerCloseAnalysis.DoesIo);
    }

    /// <summary>A method that can be started with a state: one parameter, of type object, passed by value.</summary>
    private static bool IsStateHandlerShape(ImmutableArray<IParameterSymbol> parameters) =>
        parameters.Length == 1 && parameters[0] is { RefKind: RefKind.None, Type.SpecialType: SpecialType.System_Object };

    /// <summary>
    /// Walks a method that serves <paramref name="connection"/> from its start, as if it had accepted it, when it may close
    /// it and <paramref name="serves"/> says it does more (reads it, or uses it for more than closing); reports its early
    /// close. A local is taken by its root in the body's aliases (the cast local joins the state parameter it came from).
    /// </summary>
    private static void AnalyzeServedFromStart(OperationBlockAnalysisContext context, ConnectionApi api, IBlockOperation body, ImmutableHashSet<IMethodSymbol> closeMethods,
        ISymbol connection, System.Func<IOperation, ISymbol, ConnectionCloses, bool> serves)
    {
        var aliases = FlowGraphs.AliasesAround(body, api);
        var closes = new ConnectionCloses(api, aliases, closeMethods, captures: null);
        var root = connection is ILocalSymbol ? aliases.RootOf(connection) : connection;
        if (ServerCloseAnalysis.MayCloseIn(body, root, closes) && serves(body, root, closes)
            && EarlyCloseFromStart(context, body, body, root, aliases, closes, api, closeMethods) is { } close)
        {
            Report(context, close, connection.Name);
        }
    }

    /// <summary>The early close of a function walked from its first statement with the connection as if accepted there: on the tree, else on the graph.</summary>
    private static IOperation? EarlyCloseFromStart(OperationBlockAnalysisContext context, IOperation function, IBlockOperation body, ISymbol connection,
        ConnectionAliases aliases, ConnectionCloses closes, ConnectionApi api, ImmutableHashSet<IMethodSymbol> closeMethods)
    {
        if (!DecidedOnTree(ServerCloseShortcut.DecideFromStart(function, body, connection, closes, out var closedOnTree), closedOnTree, out var close)
            && FlowGraphs.FlowAround(context, body, aliases, api, closeMethods) is { } flow)
        {
            close = ServerCloseAnalysis.FindEarlyCloseFromStart(flow, connection);
        }

        return close;
    }

    /// <summary>The local a statement of the body sets from the state cast to a connection type: <c>var c = (TcpClient)state;</c>, <c>state as Socket</c>.</summary>
    private static ILocalSymbol? CastFromState(IBlockOperation body, IParameterSymbol state, ConnectionApi api)
    {
        foreach (var statement in body.Operations)
        {
            if (statement is not IVariableDeclarationGroupOperation group)
                continue;
            foreach (var declaration in group.Declarations)
            foreach (var declarator in declaration.Declarators)
            {
                if (declarator.GetVariableInitializer()?.Value is IConversionOperation { Operand: IParameterReferenceOperation source } cast
                    && SymbolEqualityComparer.Default.Equals(source.Parameter, state) && api.IsConnectionType(cast.Type))
                {
                    return declarator.Symbol;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a call of <paramref name="method"/> in its own file passes, as <paramref name="parameter"/>, an accepted
    /// connection that the caller's body never reads; <paramref name="acceptedInTheCall"/> when one such call accepts it
    /// in the argument itself (<see cref="IsAcceptedHere"/>).
    /// </summary>
    private static bool IsHandedAnAcceptedConnection(IMethodSymbol method, IParameterSymbol parameter, IBlockOperation body, ConnectionApi api, System.Threading.CancellationToken cancellationToken,
        out bool acceptedInTheCall)
    {
        acceptedInTheCall = false;
        if (body.SemanticModel is not { } model)
            return false;
        var handed = false;
        foreach (var named in MentionsOf(method, body.Syntax.SyntaxTree, cancellationToken))
        {
            // ThreadPool.QueueUserWorkItem(Handle, client, preferLocal: false): the generic form hands its state to the
            // method's one parameter.
            if (parameter.Ordinal == 0 && QueuedStateOf(named, model, cancellationToken) is { } state)
            {
                if (IsAcceptedHere(state, api))
                {
                    acceptedInTheCall = true;
                    return true;
                }

                handed |= IsAcceptedIntoAndUnread(state, api);
                continue;
            }

            if (named.Parent is not InvocationExpressionSyntax invocationSyntax || invocationSyntax.Expression != named
                || model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation call
                || !IsCallOf(call.TargetMethod, method))
            {
                continue;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal != parameter.Ordinal)
                    continue;
                if (IsAcceptedHere(argument.Value, api))
                {
                    acceptedInTheCall = true;
                    return true;
                }

                handed |= IsAcceptedIntoAndUnread(argument.Value, api);
            }
        }

        return handed;
    }

    /// <summary>
    /// The state <paramref name="named"/>, a method group, is queued with by the generic
    /// <c>ThreadPool.QueueUserWorkItem&lt;TState&gt;(callBack, state, preferLocal)</c>; null for any other mention.
    /// </summary>
    private static IOperation? QueuedStateOf(SyntaxNode named, SemanticModel model, System.Threading.CancellationToken cancellationToken)
    {
        if (named.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax queuing } }
            || model.GetOperation(queuing, cancellationToken) is not IInvocationOperation
            {
                TargetMethod: { Name: "QueueUserWorkItem" or "UnsafeQueueUserWorkItem", IsGenericMethod: true, ContainingType.Name: "ThreadPool" },
            } queued)
        {
            return null;
        }

        foreach (var argument in queued.Arguments)
        {
            if (argument.Parameter?.Name == "state")
                return argument.Value;
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="value"/> is a connection an accept gives as it is: <c>l.AcceptSocket()</c>,
    /// <c>await l.AcceptTcpClientAsync(ct)</c>, <c>l?.Accept()</c>, <c>EndAccept(ar)</c>, converted to the parameter's type.
    /// Not the <c>bool</c> of <c>AcceptAsync(SocketAsyncEventArgs)</c>, which says only whether it completed at once.
    /// </summary>
    private static bool IsAcceptedHere(IOperation value, ConnectionApi api)
    {
        var given = Values.Unwrap(value, throughAwait: false);
        if (given is null || !api.IsConnectionType(given.Type))
            return false;
        var accepted = Values.Unwrap(given, throughAwait: true);
        if (accepted is IConditionalAccessOperation access)
            accepted = Values.Unwrap(access.WhenNotNull, throughAwait: true);
        return accepted is IInvocationOperation call && api.Classify(call.TargetMethod, out _) == ConnectionMemberKind.Accept;
    }

    /// <summary>
    /// Whether a body of the file starts <paramref name="method"/> with an accepted connection as its state, and never
    /// reads that connection itself: <c>QueueUserWorkItem(method, client)</c>, or a <c>new Thread(method)</c> started
    /// with it (<c>thread.Start(client)</c>, <c>new Thread(method).Start(client)</c>).
    /// </summary>
    private static bool IsStartedWithAnAcceptedConnection(IMethodSymbol method, ConnectionApi api, SyntaxTree tree, SemanticModel? model, System.Threading.CancellationToken cancellationToken)
    {
        if (model is null)
            return false;
        foreach (var named in MentionsOf(method, tree, cancellationToken))
        {
            if (named.Parent is InvocationExpressionSyntax { Expression: var invoked } && invoked == named)
                continue;

            // The method group's operation, or the delegate made from it, which has the same syntax.
            var operation = model.GetOperation(named, cancellationToken);
            if ((operation as IMethodReferenceOperation ?? (operation as IDelegateCreationOperation)?.Target as IMethodReferenceOperation) is not { } reference
                || !IsCallOf(reference.Method, method))
            {
                continue;
            }

            foreach (var state in StatesStarting(reference))
            {
                if (IsAcceptedAndUnread(state, api))
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="called"/> is <paramref name="method"/>: a call of a partial method names its definition,
    /// whose implementation is the method analyzed.
    /// </summary>
    private static bool IsCallOf(IMethodSymbol called, IMethodSymbol method) =>
        SymbolEqualityComparer.Default.Equals(called.OriginalDefinition, method.OriginalDefinition)
        || (method.PartialDefinitionPart is { } definition && SymbolEqualityComparer.Default.Equals(called.OriginalDefinition, definition.OriginalDefinition));

    /// <summary>
    /// The states a method group is started with: the <c>state</c> of <c>ThreadPool.QueueUserWorkItem(method, state)</c>,
    /// or the argument of each <c>Start(state)</c> of a <c>new Thread(method)</c> (also through a <c>new ParameterizedThreadStart(method)</c>).
    /// </summary>
    private static List<IOperation> StatesStarting(IMethodReferenceOperation reference)
    {
        // Up through the delegate (and a new ParameterizedThreadStart(...) around it) to what it is given to.
        IOperation current = reference;
        while (current.Parent is IDelegateCreationOperation or IConversionOperation
            || (current.Parent is IArgumentOperation { Parent: IObjectCreationOperation { Type.Name: "ParameterizedThreadStart" or "WaitCallback" } }))
        {
            current = current.Parent is IArgumentOperation argument ? argument.Parent! : current.Parent;
        }

        var states = new List<IOperation>();
        switch ((current.Parent as IArgumentOperation)?.Parent)
        {
            case IInvocationOperation { TargetMethod: { Name: "QueueUserWorkItem" or "UnsafeQueueUserWorkItem", ContainingType.Name: "ThreadPool" } } queue:
                foreach (var argument in queue.Arguments)
                {
                    if (argument.Parameter?.Name == "state")
                        states.Add(argument.Value);
                }

                break;
            case IObjectCreationOperation { Type: { Name: "Thread", ContainingNamespace.Name: "Threading" } } thread:
                foreach (var start in StartsOf(thread))
                {
                    if (start.Arguments.Length == 1)
                        states.Add(start.Arguments[0].Value);
                }

                break;
        }

        return states;
    }

    /// <summary>The <c>Start(state)</c> calls of a thread: on the creation itself, or on the local it is stored in, in the same body.</summary>
    private static List<IInvocationOperation> StartsOf(IObjectCreationOperation thread)
    {
        var starts = new List<IInvocationOperation>();
        var holder = Values.Outermost(thread, throughAwait: false, out _);
        if (holder.Parent is IInvocationOperation { TargetMethod.Name: "Start" } direct && direct.Instance == holder)
        {
            starts.Add(direct);
            return starts;
        }

        if (Values.LocalStoring(holder) is not { } local)
            return starts;
        foreach (var operation in OperationWalk.Descendants(FlowGraphs.BodyAround(thread)))
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "Start", Instance: ILocalReferenceOperation reference } start
                && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                starts.Add(start);
            }
        }

        return starts;
    }

    /// <summary>
    /// Where the file names <paramref name="method"/> outside its own declaration: each name, as the expression it heads
    /// (<c>Handle</c>, or <c>this.Handle</c>). Found in the file's text, then checked by token.
    /// </summary>
    private static IEnumerable<ExpressionSyntax> MentionsOf(IMethodSymbol method, SyntaxTree tree, System.Threading.CancellationToken cancellationToken) =>
        MentionsOf(method.Name, method.DeclaringSyntaxReferences, tree, cancellationToken);

    /// <summary>Where the file names <paramref name="identifier"/> outside <paramref name="declarations"/> (see the overload above).</summary>
    private static IEnumerable<ExpressionSyntax> MentionsOf(string identifier, ImmutableArray<SyntaxReference> declarations, SyntaxTree tree, System.Threading.CancellationToken cancellationToken)
    {
        var root = tree.GetRoot(cancellationToken);
        foreach (var position in TextSearch.IndexesOf(tree.GetText(cancellationToken), identifier, cancellationToken))
        {
            var token = root.FindToken(position);
            // A name may be written verbatim (@Serve): the token starts at its '@'.
            if ((token.SpanStart != position && !(token.SpanStart == position - 1 && token.Text[0] == '@'))
                || token.ValueText != identifier || token.Parent is not SimpleNameSyntax name || IsWithin(declarations, position))
                continue;
            yield return name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
        }
    }

    /// <summary>
    /// Whether <paramref name="value"/> is an accepted connection that its body never reads: accepted right there
    /// (<c>Serve(listener.AcceptTcpClient())</c>, <c>Serve(await l.AcceptSocketAsync(ct))</c>: the body has no name to
    /// read it by), or a local of the body's aliases that an accept set.
    /// </summary>
    private static bool IsAcceptedAndUnread(IOperation value, ConnectionApi api) =>
        IsAcceptedHere(value, api) || IsAcceptedIntoAndUnread(value, api);

    /// <summary>Whether <paramref name="value"/> names a connection of its body's aliases that an accept set and the body never reads.</summary>
    private static bool IsAcceptedIntoAndUnread(IOperation value, ConnectionApi api)
    {
        var aliases = FlowGraphs.AliasesAround(value, api);
        return aliases.RootOf(value) is { } connection
            && (aliases.OriginOf(connection) & ConnectionOrigin.Accepted) != 0
            && !ServerCloseAnalysis.Receives(FlowGraphs.BodyAround(value), connection, new ConnectionCloses(api, aliases, ImmutableHashSet<IMethodSymbol>.Empty, captures: null));
    }

    private static bool IsWithin(ImmutableArray<SyntaxReference> declarations, int position)
    {
        foreach (var declaration in declarations)
        {
            if (declaration.Span.Contains(position))
                return true;
        }

        return false;
    }

    private static void AnalyzeAccept(OperationBlockAnalysisContext context, IOperation accept, ConnectionApi api)
    {
        if (AcceptedInto(accept) is not { } local)
        {
            AnalyzeAcceptedIntoALocalFunction(context, accept, api);
            return;
        }

        // Code being typed: a syntax error anywhere in the function may hide the drain or the close.
        if (FlowGraphs.FunctionAround(accept).Syntax.ContainsDiagnostics)
            return;

        // Most accept loops hand the connection on and never close it themselves: then there is no path to walk.
        var closeMethods = api.CloseMethods.Configured(accept.Syntax.SyntaxTree, context.Options);
        var aliases = FlowGraphs.AliasesAround(accept, api);
        var connection = aliases.RootOf(local);
        var closes = new ConnectionCloses(api, aliases, closeMethods, captures: null);
        if (connection is null)
            return;
        var wrappersClose = false;
        if (!ServerCloseAnalysis.MayClose(accept, connection, closes))
        {
            // Never closed itself, but through a reader or writer made over its stream (using var writer = new
            // StreamWriter(client.GetStream())): that stream owns the socket, and disposing the writer closes it. Asked only
            // here, so that a close of the connection's own stays the one reported where both are written.
            var throughWrappers = new ConnectionCloses(api, aliases, closeMethods, captures: null, wrappersClose: true);
            if (!ServerCloseAnalysis.MayClose(accept, connection, throughWrappers))
            {
                AnalyzeTakeover(context, accept, connection, aliases, closes, api, closeMethods);
                return;
            }

            (closes, wrappersClose) = (throughWrappers, true);
        }

        // The usual shapes (drained before any close; closed in straight-line code) are decided on the tree.
        if (!DecidedOnTree(ServerCloseShortcut.Decide(accept, connection, closes, out var closedOnTree), closedOnTree, out var close)
            && FlowGraphs.FlowAround(context, accept, aliases, api, closeMethods, wrappersClose) is { } flow)
        {
            close = ServerCloseAnalysis.FindEarlyClose(flow, accept.Syntax, flow.Aliases.RootOf(local));
        }

        if (close is not null)
            Report(context, close, ConnectionName(local, close, api));
    }

    /// <summary>
    /// The name a finding gives the connection: the local the accept is stored in, unless that holds the accept's task
    /// (<c>var pending = l.AcceptAsync(); using var c = await pending;</c>); then the connection-typed local the close
    /// is on, or the task's name when the close names none.
    /// </summary>
    private static string ConnectionName(ILocalSymbol accepted, IOperation close, ConnectionApi api)
    {
        if (api.IsConnectionType(accepted.Type))
            return accepted.Name;
        var closed = close switch
        {
            IUsingDeclarationOperation declaration => SingleLocal(declaration.DeclarationGroup),
            IUsingOperation { Resources: IVariableDeclarationGroupOperation group } => SingleLocal(group),
            IUsingOperation { Resources: ILocalReferenceOperation reference } => reference.Local,
            // In a graph, the end of a using is a call of Dispose on the local, through a conversion to IDisposable.
            IInvocationOperation { Instance: { } instance } => (Values.Unwrap(instance, throughAwait: false) as ILocalReferenceOperation)?.Local,
            _ => null,
        };
        return closed is not null && api.IsConnectionType(closed.Type) ? closed.Name : accepted.Name;
    }

    private static ILocalSymbol? SingleLocal(IVariableDeclarationGroupOperation group) =>
        group.Declarations.Length == 1 && group.Declarations[0].Declarators.Length == 1 ? group.Declarations[0].Declarators[0].Symbol : null;

    /// <summary>Whether the tree decided (<paramref name="close"/> is then its early close, or null); if not, the graph must.</summary>
    private static bool DecidedOnTree(ServerCloseShortcut.Outcome outcome, IInvocationOperation? closedOnTree, out IOperation? close)
    {
        close = outcome == ServerCloseShortcut.Outcome.EarlyClose ? closedOnTree : null;
        return outcome != ServerCloseShortcut.Outcome.Unknown;
    }

    /// <summary>
    /// An accept passed straight to a local function of the member (<c>Serve(listener.Accept()); static void Serve(Socket c) { ... }</c>):
    /// the caller keeps nothing to decide on, and the local function is walked from its start, as a method of the file
    /// given the accept in its call is.
    /// </summary>
    private static void AnalyzeAcceptedIntoALocalFunction(OperationBlockAnalysisContext context, IOperation accept, ConnectionApi api)
    {
        var value = Values.Outermost(accept, throughAwait: true, out _);
        if (value.Parent is not IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } call }
            || parameter.RefKind != RefKind.None || !api.IsConnectionType(parameter.Type) || FlowGraphs.FunctionAround(accept).Syntax.ContainsDiagnostics)
        {
            return;
        }

        var target = call.TargetMethod.OriginalDefinition;
        ILocalFunctionOperation? function = null;
        foreach (var operation in OperationWalk.Descendants(FlowGraphs.BodyAround(accept)))
        {
            if (operation.Kind == OperationKind.LocalFunction && SymbolEqualityComparer.Default.Equals(((ILocalFunctionOperation)operation).Symbol, target))
            {
                function = (ILocalFunctionOperation)operation;
                break;
            }
        }

        if (function is null)
            return;
        var closeMethods = api.CloseMethods.Configured(accept.Syntax.SyntaxTree, context.Options);
        var aliases = FlowGraphs.AliasesAround(accept, api);
        AnalyzeFromStart(context, function, parameter.OriginalDefinition, aliases, new ConnectionCloses(api, aliases, closeMethods, captures: null), api, closeMethods);
    }

    /// <summary>
    /// The accepting function leaves the connection to a function of the same member (a lambda given to Task.Run or a
    /// new Thread, a local function it is passed to): that function is walked from its start, as if it had accepted.
    /// </summary>
    private static void AnalyzeTakeover(OperationBlockAnalysisContext context, IOperation accept, ISymbol connection, ConnectionAliases aliases,
        ConnectionCloses closes, ConnectionApi api, ImmutableHashSet<IMethodSymbol> closeMethods)
    {
        if (ConnectionTakeover.Find(FlowGraphs.FunctionAround(accept), connection, closes) is { } takeover)
            AnalyzeFromStart(context, takeover.Function, takeover.Connection, aliases, closes, api, closeMethods);
    }

    /// <summary>A function of the member that is given the accepted connection, walked from its start as if it had accepted it.</summary>
    private static void AnalyzeFromStart(OperationBlockAnalysisContext context, IOperation function, ISymbol connection, ConnectionAliases aliases,
        ConnectionCloses closes, ConnectionApi api, ImmutableHashSet<IMethodSymbol> closeMethods)
    {
        if (!ServerCloseAnalysis.MayCloseIn(function, connection, closes) || ConnectionTakeover.BodyOf(function) is not { } body || body.Syntax.ContainsDiagnostics)
            return;

        // The usual shapes on the tree, as for an accept; the graph for the rest.
        if (EarlyCloseFromStart(context, function, body, connection, aliases, closes, api, closeMethods) is { } close)
            Report(context, close, connection.Name);
    }

    private static void Report(OperationBlockAnalysisContext context, IOperation close, string connectionName)
    {
        // Socket.Close(0) closes abortively, as a linger of 0 does: a reset, and no TIME_WAIT on either side.
        if (IsAbortiveClose(close))
            return;
        var (location, isUsing) = LocationOf(close.Syntax);
        var properties = ImmutableDictionary<string, string?>.Empty.Add(ConnectionProperty, connectionName);
        if (isUsing)
            properties = properties.Add(UsingProperty, "true");
        var what = isUsing ? "The end of this using" : close is IInvocationOperation invocation ? $"'{invocation.TargetMethod.ContainingType.Name}.{invocation.TargetMethod.Name}'" : "This close";
        context.ReportOutsideGeneratedCode(Diagnostic.Create(Descriptors.SL0003ServerClosesFirst, location, properties, what, connectionName));
    }

    /// <summary><c>socket.Close(0)</c>: a close with a timeout of 0 seconds, which the runtime makes abortive (a reset).</summary>
    private static bool IsAbortiveClose(IOperation close) =>
        close is IInvocationOperation { TargetMethod: { Name: "Close", Parameters.Length: 1 } method, Arguments.Length: 1 } call
        && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: 0 }
        && method.ContainingType is { Name: "Socket", ContainingNamespace.Name: "Sockets" };

    /// <summary>
    /// The local an accepted connection is stored in: <c>var c = listener.Accept()</c>, <c>c = await l.AcceptTcpClientAsync()</c>,
    /// <c>c = l?.Accept()</c>; or the stream that owns it, made straight over the accept:
    /// <c>using var ns = new NetworkStream(l.AcceptSocket(), ownsSocket: true)</c>, which closes the socket when it is closed.
    /// </summary>
    internal static ILocalSymbol? AcceptedInto(IOperation accept)
    {
        var value = accept;
        while (value.Parent is IAwaitOperation or IConversionOperation or IParenthesizedOperation
            || (value.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == value)
            || (value.Parent is IConditionalAccessOperation access && access.WhenNotNull == value)
            || ConnectionAliases.IsTakenByOwningStream(value))
        {
            value = value.Parent is IArgumentOperation argument ? argument.Parent! : value.Parent!;
        }

        return value.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value => target.Local,
            _ => null,
        };
    }

    /// <summary>A close written as a call is reported there; the implicit dispose at the end of a using at its <c>using</c> line.</summary>
    private static (Location Location, bool IsUsing) LocationOf(SyntaxNode syntax)
    {
        if (syntax is not InvocationExpressionSyntax)
        {
            foreach (var ancestor in syntax.AncestorsAndSelf())
            {
                switch (ancestor)
                {
                    case UsingStatementSyntax statement:
                        return (Location.Create(statement.SyntaxTree, TextSpan.FromBounds(statement.UsingKeyword.SpanStart, statement.CloseParenToken.Span.End)), true);
                    case LocalDeclarationStatementSyntax declaration when declaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword):
                        return (declaration.GetLocation(), true);
                    case StatementSyntax:
                        return (syntax.GetLocation(), false);
                }
            }
        }

        return (syntax.GetLocation(), false);
    }

    /// <summary>
    /// What SL0003 keeps per compilation beside each file's accept positions (which the analyzer's block action finds
    /// with its other word, <see cref="WordPositions"/>): the classes that hold an accepted connection, and how a
    /// position in a block leads to its accept call.
    /// </summary>
    internal sealed class AcceptSites
    {
        private readonly ConcurrentDictionary<INamedTypeSymbol, ISymbol[]> _handlerFields = new(SymbolEqualityComparer.Default);

        /// <summary>The fields and primary-constructor parameters of <paramref name="type"/> that hold an accepted connection (see <see cref="FindHandlerFields"/>), found once per class.</summary>
        public ISymbol[] HandlerFieldsOf(INamedTypeSymbol type, SemanticModel model, ConnectionApi api, System.Threading.CancellationToken cancellationToken) =>
            _handlerFields.TryGetValue(type, out var fields) ? fields : _handlerFields.GetOrAdd(type, FindHandlerFields(type, model, api, cancellationToken));

        /// <summary>The last class asked about by <see cref="MayReadHandlerFields(MethodDeclarationSyntax)"/>, with its answer: the driver hands over a class's members one after another.</summary>
        private KeptAnswer<TypeDeclarationSyntax, bool>? _lastClass;

        /// <summary>
        /// Whether an instance method declared by <paramref name="declaration"/> may be a field handler, as its syntax says:
        /// one of a class whose declaration here has a constructor with parameters, primary or not (none other sets a field
        /// from one; a class declared in parts has no such fields either, see <see cref="FindHandlerFields"/>). Worked out
        /// once per class in a row, not once per method (each asking walked the class's members). Whether the method is
        /// static is asked of its symbol before: a probe build timed the declaration's modifiers at twice the symbol's flag.
        /// </summary>
        public bool MayReadHandlerFields(MethodDeclarationSyntax declaration)
        {
            if (declaration.Parent is not TypeDeclarationSyntax type)
                return true;
            var last = System.Threading.Volatile.Read(ref _lastClass);
            if (last is not null && last.Key == type)
                return last.Value;
            var answer = TakesConstructorParameters(type);
            System.Threading.Volatile.Write(ref _lastClass, new KeptAnswer<TypeDeclarationSyntax, bool>(type, answer));
            return answer;
        }

        /// <summary>The call in <paramref name="block"/> whose method name holds <paramref name="position"/> (see <see cref="NamedAt.Find"/>).</summary>
        public static IInvocationOperation? CallAt(IOperation block, int position) => (IInvocationOperation?)NamedAt.Find(block, position, OperationKind.Invocation);
    }
}
