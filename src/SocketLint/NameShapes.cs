using System.Collections.Generic;

namespace SocketLint;

/// <summary>
/// The first character and length of a fixed set of method names: a name of another shape is none of them, told
/// with two reads of the name and no hash. Most calls of a code base (<c>Where</c>, <c>ToString</c>, <c>Add</c>) have
/// a shape no socket member has.
/// </summary>
internal sealed class NameShapes
{
    private const int MaxLength = 63;

    /// <summary>Per first character (ASCII), a bit per length (longer names share the last bit).</summary>
    private readonly ulong[] _lengthsByFirst = new ulong[128];
    private bool _outsideAscii;

    public NameShapes(IEnumerable<string> names) => Add(names);

    public NameShapes()
    {
    }

    public void Add(IEnumerable<string> names)
    {
        foreach (var name in names)
            Add(name);
    }

    public void Add(string name)
    {
        if (name.Length == 0)
            return;
        if (name[0] >= 128)
        {
            // A name that starts outside ASCII: any name that does may be it.
            _outsideAscii = true;
            return;
        }

        _lengthsByFirst[name[0]] |= 1UL << System.Math.Min(name.Length, MaxLength);
    }

    /// <summary>Whether <paramref name="name"/> has the shape of one of the names.</summary>
    public bool MayBe(string name)
    {
        if (name.Length == 0)
            return false;
        var first = name[0];
        if (first >= 128)
            return _outsideAscii;
        return (_lengthsByFirst[first] & (1UL << System.Math.Min(name.Length, MaxLength))) != 0;
    }
}
