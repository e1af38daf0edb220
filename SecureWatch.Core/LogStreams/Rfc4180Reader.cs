namespace SecureWatch.Core.LogStreams;

/// <summary>
/// Reads RFC 4180 CSV records: comma-separated fields, fields in double quotes may hold commas, line breaks and
/// doubled quotes; records end with CRLF or LF. Reads through one buffer and one field scratch array reused across
/// records, so a record costs only its field strings. A quote inside an unquoted field is kept as text; an unclosed
/// quoted field at the end of input throws.
/// </summary>
public sealed class Rfc4180Reader : IDisposable
{
    private readonly TextReader _input;
    private readonly char[] _buffer = new char[8192];
    private char[] _field = new char[256];
    private int _fieldLength;
    private int _position;
    private int _length;
    private long _line = 1;

    public Rfc4180Reader(TextReader input) => _input = input;

    /// <summary>Fills <paramref name="fields"/> with the next record's fields; false at the end of input.</summary>
    public bool TryReadRecord(List<string> fields)
    {
        fields.Clear();
        if (!TryPeek(out _))
        {
            return false;
        }

        while (true)
        {
            var endOfRecord = ReadField();
            fields.Add(new string(_field, 0, _fieldLength));
            if (endOfRecord)
            {
                return true;
            }
        }
    }

    public void Dispose() => _input.Dispose();

    // Reads one field into _field; true when it ended its record (line break or end of input), false at a comma.
    private bool ReadField()
    {
        _fieldLength = 0;
        if (TryPeek(out var first) && first == '"')
        {
            _position++;
            var startLine = _line;
            while (true)
            {
                if (!TryPeek(out var c))
                {
                    throw new InvalidDataException($"CSV: quoted field opened on line {startLine} is not closed");
                }

                _position++;
                if (c == '"')
                {
                    if (TryPeek(out var next) && next == '"')
                    {
                        _position++;
                        Append('"');
                        continue;
                    }

                    break;
                }

                if (c == '\n')
                {
                    _line++;
                }

                Append(c);
            }
        }

        while (TryPeek(out var c))
        {
            _position++;
            switch (c)
            {
                case ',':
                    return false;
                case '\n':
                    _line++;
                    return true;
                case '\r':
                    if (TryPeek(out var next) && next == '\n')
                    {
                        _position++;
                    }

                    _line++;
                    return true;
                default:
                    Append(c);
                    break;
            }
        }

        return true;
    }

    private void Append(char c)
    {
        if (_fieldLength == _field.Length)
        {
            Array.Resize(ref _field, _field.Length * 2);
        }

        _field[_fieldLength++] = c;
    }

    private bool TryPeek(out char c)
    {
        if (_position == _length)
        {
            _length = _input.Read(_buffer, 0, _buffer.Length);
            _position = 0;
            if (_length == 0)
            {
                c = default;
                return false;
            }
        }

        c = _buffer[_position];
        return true;
    }
}
