using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace SocketLint;

/// <summary>
/// What a rule knows of a fixed list of method definitions (the socket and stream members), looked up by the called
/// method's name first: most calls of a compilation miss on one string hash, and a name that hits holds a handful of
/// overloads, told apart by reference.
/// </summary>
/// <remarks>
/// Within one compilation a method definition is one symbol object, so the overloads of a name are compared with
/// <see cref="object.ReferenceEquals"/> and no symbol is hashed. Before the name is hashed, its first character and length
/// are checked against the names' (<see cref="NameShapes"/>): most calls have a shape no name of the table has. The tables are built per compilation from that
/// compilation's own symbols. Profiled on the benchmark's 16× code base, hashing the definition in a
/// <c>Dictionary</c> keyed by <see cref="SymbolEqualityComparer.Default"/> cost as much as the name lookup before it.
/// </remarks>
internal sealed class MethodTable<T>
{
    private readonly Dictionary<string, List<KeyValuePair<IMethodSymbol, T>>> _byName = new(System.StringComparer.Ordinal);
    private readonly NameShapes _shapes = new();

    /// <summary>Maps <paramref name="method"/> (a definition) to <paramref name="value"/>, replacing what it was mapped to.</summary>
    public void Set(IMethodSymbol method, T value)
    {
        if (!_byName.TryGetValue(method.Name, out var overloads))
        {
            _byName[method.Name] = overloads = new List<KeyValuePair<IMethodSymbol, T>>();
            _shapes.Add(method.Name);
        }

        for (var i = 0; i < overloads.Count; i++)
        {
            if (ReferenceEquals(overloads[i].Key, method))
            {
                overloads[i] = new KeyValuePair<IMethodSymbol, T>(method, value);
                return;
            }
        }

        overloads.Add(new KeyValuePair<IMethodSymbol, T>(method, value));
    }

    /// <summary>Makes <paramref name="name"/> known with no method: <see cref="TryGet"/> then reports a known name.</summary>
    public void AddName(string name)
    {
        if (!_byName.ContainsKey(name))
        {
            _byName[name] = new List<KeyValuePair<IMethodSymbol, T>>();
            _shapes.Add(name);
        }
    }

    /// <summary>The names mapped or made known.</summary>
    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>The methods mapped, each once.</summary>
    public IEnumerable<IMethodSymbol> Methods
    {
        get
        {
            foreach (var overloads in _byName.Values)
            {
                foreach (var pair in overloads)
                    yield return pair.Key;
            }
        }
    }

    /// <summary>
    /// What <paramref name="method"/> (any construction of it) is mapped to. <paramref name="nameKnown"/> is false
    /// when no mapped method, nor any name made known, has its name.
    /// </summary>
    public bool TryGet(IMethodSymbol method, string name, out T value, out bool nameKnown)
    {
        value = default!;
        List<KeyValuePair<IMethodSymbol, T>>? overloads = null;
        nameKnown = _shapes.MayBe(name) && _byName.TryGetValue(name, out overloads);
        if (!nameKnown || overloads!.Count == 0)
            return false;

        var definition = method.OriginalDefinition;
        foreach (var pair in overloads)
        {
            if (ReferenceEquals(pair.Key, definition))
            {
                value = pair.Value;
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc cref="TryGet(IMethodSymbol, string, out T, out bool)"/>
    public bool TryGet(IMethodSymbol method, out T value) => TryGet(method, method.Name, out value, out _);
}
