// make bench-peers: compile bench/peers/attachment.typ to a PDF once, as a
// fresh node process (the counterpart of one `trifold build`), with the
// fonts in fonts/ only. Usage: node typst_once.js MODULE_DIR TYP OUT.pdf FONTDIR
const path = require('path');
const fs = require('fs');
const [moduleDir, typ, out, fontDir] = process.argv.slice(2);
const { NodeCompiler } = require(path.join(moduleDir, '@myriaddreamin/typst-ts-node-compiler'));
const c = NodeCompiler.create({ workspace: path.dirname(typ), fontArgs: [{ fontPaths: [fontDir] }] });
const pdf = c.pdf({ mainFilePath: typ });
fs.writeFileSync(out, pdf);
