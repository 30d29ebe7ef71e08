# Regenerates the content loader cases of the error corpus (not their
# `expected` files: those are checked by hand). Usage: python3 gen-content-cases.py [case...]
import os, sys, struct, zlib
ROOT = os.path.dirname(os.path.abspath(__file__))
FONTS = """  fonts:
    regular: ../../../fonts/NotoSans-Regular.ttf
    italic: ../../../fonts/NotoSans-Italic.ttf
    bold: ../../../fonts/NotoSans-Bold.ttf
    bold_italic: ../../../fonts/NotoSans-BoldItalic.ttf
"""
BRO = """trifold: 1
id: case
base: en

theme:
""" + FONTS + """
plan:
  cover:
    content:
      - story: cover
  inside-left:
    content:
      - flow: body
"""
EN = """lang: en
meta:
  title: Test brochure
stories:
  cover:
    title: {title: Test brochure}
  body:
    intro: Hello.
    more: {paragraph: More text.}
"""
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
def png(depth=8, truncate=None):
    data = (b'IHDR', struct.pack('>IIBBBBB', 2, 2, depth, 2, 0, 0, 0))
    p = b'\x89PNG\r\n\x1a\n' + chunk(*data) + chunk(b'IDAT', zlib.compress(b'\x00' * 40)) + chunk(b'IEND', b'')
    return p[:truncate] if truncate else p

cases = {}
def case(name, args=None, **files):
    files = {k.replace('_yaml', '.yaml').replace('_png', '.png').replace('_ttf', '.ttf'): v for k, v in files.items()}
    files.setdefault('brochure.yaml', BRO)
    files.setdefault('en.yaml', EN)
    cases[name] = (files, args)

case('syntax-error', en_yaml=EN.replace('intro: Hello.', 'intro: [Hello.'))
case('tab-indent', en_yaml=EN.replace('    intro: Hello.', '\tintro: Hello.'))
case('unknown-key', en_yaml=EN.replace('{title: Test brochure}', '{titel: Test brochure}'))
case('unknown-key-theme', brochure_yaml=BRO.replace('theme:\n', 'theme:\n  colours: {}\n'))
case('duplicate-key', en_yaml=EN + '    intro: Again.\n')
case('wrong-type', brochure_yaml=BRO.replace('  cover:\n    content:', '  cover:\n    - content:').replace('      - story: cover', '        - story: cover'))
case('missing-required', en_yaml=EN.replace('  title: Test brochure\n', '  author: Someone\n'))
case('three-errors', brochure_yaml=BRO.replace('theme:\n', 'theme:\n  text:\n    hyphenat: true\n    size: 12px\n  colors:\n    accent: "#12345g"\n'))
case('bad-colour', brochure_yaml=BRO.replace('theme:\n', 'theme:\n  colors:\n    accent: red\n'))
case('unquoted-colour', brochure_yaml=BRO.replace('theme:\n', 'theme:\n  colors:\n    accent: #1d5c7a\n'))
case('bad-length', brochure_yaml=BRO.replace('theme:\n', 'theme:\n  safe: 12px\n'))
case('bad-enum', brochure_yaml=BRO.replace('base: en\n', 'base: en\nsheet:\n  paper: a5\n'))
case('unknown-panel', brochure_yaml=BRO.replace('  inside-left:', '  insde-left:'))
case('unknown-story', brochure_yaml=BRO.replace('flow: body', 'flow: bdy'))
case('two-flow-slots', brochure_yaml=BRO + '      - story: cover2\n      - flow: body2\n',
     en_yaml=EN + '  cover2:\n    x: {credit: Small print.}\n  body2:\n    y: Text.\n')
case('placed-twice', brochure_yaml=BRO + '  back:\n    content: [{story: cover}]\n')
case('block-two-kinds', en_yaml=EN.replace('{paragraph: More text.}', '{paragraph: More text., heading: More}'))
case('lang-mismatch', en_yaml=EN.replace('lang: en', 'lang: es'))
laughs = 'lang: en\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
prev = 'a'
for c in 'bcdefghi':
    laughs += '%s: &%s [%s]\n' % (c, c, ','.join(['*' + prev] * 9)); prev = c
case('billion-laughs', en_yaml=laughs)
case('deep-nesting', en_yaml='lang: en\nstories: ' + '[' * 10000 + ']' * 10000 + '\n')
case('utf8-key', en_yaml=EN.replace('intro: Hello.', 'intr\xff: Hello.'))
case('utf8-value', en_yaml=EN.replace('intro: Hello.', 'intro: Hel\xc3\x28lo.'))
case('control-char', en_yaml=EN.replace('intro: Hello.', 'intro: Hel\x01lo.'))
case('escaped-control-char', en_yaml=EN.replace('intro: Hello.', 'intro: "Hel\\x07lo."'))
case('rtl-override', en_yaml=EN.replace('intro: Hello.', 'intro: Hello \u202egnp.exe'))
case('bom', en_yaml='\ufeff' + EN)
case('empty-file', en_yaml='')
case('directory', en_yaml=None)
case('missing-font', brochure_yaml=BRO.replace('NotoSans-Bold.ttf', 'NotoSans-Heavy.ttf'))
case('not-a-font', brochure_yaml=BRO.replace('../../../fonts/NotoSans-Italic.ttf', '../../../fonts/OFL.txt'))
case('cff-font', brochure_yaml=BRO.replace('../../../fonts/NotoSans-Bold.ttf', 'bold.otf'), bold_otf=b'OTTO\x00\x0b\x00\x80' + b'\x00' * 56)
case('truncated-png', en_yaml=EN + '    photo: {image: photo.png, alt: A photo.}\n', photo_png=png(truncate=60))
case('png-16bit', en_yaml=EN + '    photo: {image: photo.png, alt: A photo.}\n', photo_png=png(depth=16))
case('missing-image', en_yaml=EN + '    photo: {image: nothere.png, alt: A photo.}\n')
case('too-many-items', en_yaml=EN + '    list:\n      list:\n      items:\n' + ''.join('        - Item %d.\n' % i for i in range(201)))
case('long-string', en_yaml=EN.replace('intro: Hello.', 'intro: ' + 'x' * (16 * 1024 + 1)))
case('tag', en_yaml=EN.replace('intro: Hello.', 'intro: !!str Hello.'))
case('two-documents', en_yaml=EN + '---\nlang: en\n')
case('translation-extra-key', args='check @DIR@ --lang es',
     brochure_yaml=BRO.replace('base: en\n', 'base: en\nlanguages: [en, es]\n'),
     es_yaml='lang: es\nstories:\n  body:\n    intro: Hola.\n    extra: Texto de más.\n')
case('translation-missing', args='check @DIR@ --lang fr',
     brochure_yaml=BRO.replace('base: en\n', 'base: en\nlanguages: [en, fr]\n'))
case('translation-kind-mismatch', args='check @DIR@ --lang es',
     es_yaml='lang: es\nstories:\n  body:\n    more: {heading: Más}\n')

only = sys.argv[1:]
for name, (files, args) in cases.items():
    if only and name not in only: continue
    d = os.path.join(ROOT, name)
    os.makedirs(d, exist_ok=True)
    for fn, content in files.items():
        p = os.path.join(d, fn.replace('_otf', '.otf'))
        if content is None:
            os.makedirs(p, exist_ok=True)
            open(os.path.join(p, '.keep'), 'w').close()
            continue
        if isinstance(content, str):
            content = content.encode('utf-8', 'surrogateescape') if '\xff' not in content and '\xc3\x28' not in content else content.encode('latin-1')
        open(p, 'wb').write(content)
    if args: open(os.path.join(d, 'args'), 'w').write(args + '\n')
print(len(cases))
