# bash completion for trifold (installed by `make install`).
_trifold()
{
    local cur prev cmd i
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    cmd=
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            -*) ;;
            *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    case $prev in
        --paper) COMPREPLY=($(compgen -W "letter a4" -- "$cur")); return ;;
        --fold) COMPREPLY=($(compgen -W "roll z" -- "$cur")); return ;;
        --edition) COMPREPLY=($(compgen -W "print screen" -- "$cur")); return ;;
        --dpi) COMPREPLY=($(compgen -W "72 96 150 300" -- "$cur")); return ;;
        --clinic) COMPREPLY=($(compgen -f -X '!*.yaml' -- "$cur") $(compgen -d -- "$cur")); return ;;
        -o|--output|--png) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --lang)
            # the brochure folder's <tag>.yaml files
            local dir t tags="all"
            for ((i = 1; i < COMP_CWORD; i++)); do
                [[ ${COMP_WORDS[i]} != -* && -f ${COMP_WORDS[i]}/brochure.yaml ]] && dir=${COMP_WORDS[i]}
            done
            if [[ -n $dir ]]; then
                for t in "$dir"/*.yaml; do
                    t=${t##*/}; t=${t%.yaml}
                    [[ $t != brochure ]] && tags="$tags $t"
                done
            fi
            COMPREPLY=($(compgen -W "$tags" -- "$cur")); return ;;
    esac
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "new build check watch preview help --help --version" -- "$cur"))
        return
    fi
    local opts
    case $cmd in
        new) opts="--fold --paper --lang --force --help" ;;
        check) opts="--lang --clinic --paper --fold --press --press-profile --press-condition --edition --fit --json --layout --help" ;;
        preview) opts="--lang --clinic --paper --fold --press --press-profile --press-condition --slug --edition --fit -o --output --dpi --proof --help" ;;
        build|watch) opts="--lang --clinic --paper --fold --press --press-profile --press-condition --slug --edition --fit -o --output --png --dpi --proof --help" ;;
        help) COMPREPLY=($(compgen -W "new build check watch preview" -- "$cur")); return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
        COMPREPLY=($(compgen -d -- "$cur"))
    fi
}
complete -F _trifold trifold
